#!/usr/bin/python3
"""Evaluates SPF cases with pyspf (Debian python3-spf) against one DNS server.

An independent peer for SpfEvaluation.PySpf.Tests.ps1. Reads a JSON array of cases
({"id", "ip", "mailfrom", "helo"}) from stdin, writes a JSON array of results
({"id", "result", "explanation", "problem", "lookups", "void_lookups"}) to stdout.

  /usr/bin/python3 pyspf_check.py --server 127.0.0.1:5353 < cases.json
  /usr/bin/python3 pyspf_check.py --probe      # versions and DNS backend, as JSON
"""
import argparse
import json
import sys
import warnings

# pydns imports asyncore, deprecated in Python 3.11; keep stderr for real problems.
warnings.filterwarnings('ignore', category=DeprecationWarning)
import spf  # noqa: E402


def backend():
    """'pydns' or 'dnspython': pyspf prefers dnspython when both are importable."""
    return 'dnspython' if spf.DNSLookup.__name__.endswith('dnspython') else 'pydns'


def use_server(host, port):
    """Sends every pyspf query to host:port only (never the system's resolvers)."""
    if backend() == 'pydns':
        import DNS
        DNS.defaults['server'] = [host]
        DNS.defaults['port'] = port
    else:
        import dns.resolver
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [host]
        resolver.port = port
        dns.resolver.default_resolver = resolver


def evaluate(case, timeout):
    # querytime=0: a per-lookup timeout, no overall budget, as check2 would otherwise
    # apply (20 s) -- irrelevant on loopback but keeps runs deterministic.
    q = spf.query(i=case['ip'], s=case.get('mailfrom') or '', h=case.get('helo') or '',
                  timeout=timeout, querytime=0)
    result, _code, explanation = q.check()
    # pyspf fills in canned texts ("SPF fail - not authorized") when no exp= applies;
    # report an explanation only when one came from DNS, as RFC 7208 section 6.2 defines it.
    if result != 'fail' or explanation == spf.EXPLANATIONS.get('fail'):
        explanation = None
    return {
        'id': case['id'],
        'result': result,
        'explanation': explanation,
        'problem': getattr(q, 'prob', None),
        'lookups': q.lookups,
        'void_lookups': q.void_lookups,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--server', help='HOST:PORT of the DNS server to ask')
    parser.add_argument('--timeout', type=float, default=5.0, help='seconds per DNS query')
    parser.add_argument('--probe', action='store_true', help='print versions and the DNS backend')
    args = parser.parse_args()

    if args.probe:
        json.dump({'pyspf': getattr(spf, '__version__', 'unknown'), 'backend': backend(),
                   'python': sys.version.split()[0]}, sys.stdout)
        return 0
    if not args.server:
        parser.error('--server is required')
    host, _, port = args.server.rpartition(':')
    use_server(host, int(port))

    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append(evaluate(case, args.timeout))
        except Exception as x:  # a crash in the peer is data for the test, not a stop
            results.append({'id': case['id'], 'result': 'crash', 'explanation': None,
                            'problem': '%s: %s' % (type(x).__name__, x), 'lookups': None,
                            'void_lookups': None})
    json.dump(results, sys.stdout, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
