#!/usr/bin/python3
"""Times pyspf (Debian python3-spf) on the benchmark workload, for docs/performance.md.

Two modes, same records (bench/workload/bench.test.zone), same client and sender:
  --mode stub  answers come from a dict in this process (spf.DNSLookup replaced):
               pyspf's own cost, comparable to our InMemoryDnsResolver figure;
  --mode dns   answers come from a DNS server (Knot on 127.0.0.1) through pyspf's
               own DNS library, with no cache between evaluations (pyspf keeps
               none: each spf.query starts empty).
Prints one JSON object. Run with /usr/bin/python3 (Debian's, which has pyspf).
"""
import argparse
import json
import re
import statistics
import sys
import time
import warnings

# pydns imports asyncore, deprecated in Python 3.11.
warnings.filterwarnings('ignore', category=DeprecationWarning)
import spf  # noqa: E402


def read_zone(path):
    """The few master-file forms the workload uses -> {(name, TYPE): [data as pydns returns it]}."""
    origin, last, answers = '', None, {}

    def absolute(n):
        return (n.rstrip('.') if n.endswith('.') else n + '.' + origin).lower()
    with open(path, encoding='utf-8') as f:
        for raw in f:
            # Tokens are quoted strings or runs of non-blanks; ';' outside quotes starts a comment.
            tokens = []
            for t in re.findall(r'"(?:[^"\\]|\\.)*"|;|\S+', raw):
                if t == ';':
                    break
                tokens.append(t)
            if not tokens:
                continue
            if tokens[0] == '$ORIGIN':
                origin = tokens[1].rstrip('.')
                continue
            if tokens[0].startswith('$'):
                continue
            if raw[0].isspace():
                owner = last
            else:
                owner = last = tokens.pop(0)
            while tokens and (tokens[0].isdigit() or tokens[0].upper() == 'IN'):
                tokens.pop(0)
            rtype, rdata = tokens[0].upper(), tokens[1:]
            name = origin.lower() if owner == '@' else absolute(owner)
            if rtype == 'TXT':
                data = [t[1:-1].encode('ascii') for t in rdata]
            elif rtype == 'MX':
                data = (int(rdata[0]), absolute(rdata[1]))
            elif rtype in ('CNAME', 'PTR', 'NS'):
                data = absolute(rdata[0])
            elif rtype in ('A', 'AAAA'):
                data = rdata[0]
            else:
                continue
            answers.setdefault((name, rtype), []).append(data)
    return answers


def install_stub(answers):
    """Replaces pyspf's DNS function with a dict lookup returning what pydns would."""
    def lookup(name, qtype, strict=True, timeout=None):
        key = (name.lower().rstrip('.'), qtype)
        found = [((key[0], qtype), v) for v in answers.get(key, [])]
        if not found and qtype != 'CNAME':
            found = [((key[0], 'CNAME'), v) for v in answers.get((key[0], 'CNAME'), [])]
        return found
    spf.DNSLookup = lookup


def use_server(endpoint):
    host, _, port = endpoint.rpartition(':')
    if spf.DNSLookup.__name__.endswith('dnspython'):
        import dns.resolver
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [host]
        resolver.port = int(port)
        dns.resolver.default_resolver = resolver
    else:
        import DNS
        DNS.defaults['server'] = [host]
        DNS.defaults['port'] = int(port)


def count_queries(args):
    """DNS questions one evaluation asks (measured once, outside the timed loop)."""
    real, seen = spf.DNSLookup, []

    def counting(name, qtype, *rest, **kw):
        seen.append((name, qtype))
        return real(name, qtype, *rest, **kw)
    spf.DNSLookup = counting
    try:
        result = evaluate(args)
    finally:
        spf.DNSLookup = real
    return result, seen


def evaluate(args):
    return spf.query(i=args.ip, s=args.mailfrom, h=args.helo, timeout=5, querytime=0).check()[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--mode', choices=('stub', 'dns'), required=True)
    p.add_argument('--zone', required=True)
    p.add_argument('--server', help='HOST:PORT for --mode dns')
    p.add_argument('--ip', default='203.0.113.77')
    p.add_argument('--mailfrom', default='user@example.bench.test')
    p.add_argument('--helo', default='mail.client.test')
    p.add_argument('--expect', default='fail', help='the result the workload must give')
    p.add_argument('--seconds', type=float, default=10.0, help='measured time')
    p.add_argument('--warmup', type=float, default=2.0, help='unmeasured time first')
    args = p.parse_args()

    library = 'dnspython' if spf.DNSLookup.__name__.endswith('dnspython') else 'pydns'
    if args.mode == 'stub':
        install_stub(read_zone(args.zone))
    else:
        if not args.server:
            p.error('--mode dns needs --server')
        use_server(args.server)

    result, queries = count_queries(args)
    if result != args.expect:
        print('pyspf gave %s for the workload; expected %s' % (result, args.expect), file=sys.stderr)
        return 1

    end = time.perf_counter() + args.warmup
    while time.perf_counter() < end:
        evaluate(args)

    # Each evaluation timed on its own: mean and median of the same run.
    times = []
    clock = time.perf_counter
    start = clock()
    end = start + args.seconds
    now = start
    while now < end:
        t0 = now
        evaluate(args)
        now = clock()
        times.append(now - t0)
    elapsed = now - start

    json.dump({
        'mode': args.mode,
        'result': result,
        'queries_per_evaluation': len(queries),
        'evaluations': len(times),
        'seconds': round(elapsed, 3),
        'ops_per_sec': len(times) / elapsed,
        'mean_us': statistics.fmean(times) * 1e6,
        'median_us': statistics.median(times) * 1e6,
        'pyspf': getattr(spf, '__version__', 'unknown'),
        'dns_library': library if args.mode == 'dns' else 'none (in-process stub)',
        'python': sys.version.split()[0],
    }, sys.stdout)
    print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
