#!/usr/bin/python3
"""Evaluates DMARC for messages with authheaders (Debian python3-authheaders) against one DNS server.

An independent peer for DmarcEvaluation.AuthHeaders.Tests.ps1. Reads a JSON array of cases
({"id", "path", "ip", "mailfrom", "helo"}) from stdin; for each, runs
authheaders.authenticate_message(spf=True, dkim=True, dmarc=True) on the message file and writes
a JSON array of results to stdout:

  {"id", "header": the Authentication-Results value,
   "spf", "dkim", "dkim_d", "dmarc", "header_from", "policy", "comment", "problem"}

"dmarc" is "crash" (with "problem") when authheaders raised an exception.

  /usr/bin/python3 authheaders_check.py --server 127.0.0.1:5353 < cases.json
  /usr/bin/python3 authheaders_check.py --probe      # versions, as JSON

authheaders, dkimpy and pyspf (over dnspython, which dkimpy needs and pyspf then prefers) all ask
dns.resolver's module-level functions, which use dns.resolver.default_resolver: replacing it
sends every query to the given server only, never the system's resolvers. The public suffix list
gets the reserved test TLDs as rules (see use_psl_with).
"""
import argparse
import json
import os
import re
import sys
import tempfile
import warnings

# dns.resolver.query is deprecated in dnspython 2; pydns imports asyncore. Keep stderr for real problems.
warnings.filterwarnings('ignore', category=DeprecationWarning)
import dns.resolver  # noqa: E402
import authheaders  # noqa: E402
import authheaders.findpsl  # noqa: E402

AUTHSERV_ID = 'mx.receiver.test'


def use_server(host, port, timeout):
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = port
    resolver.timeout = timeout
    resolver.lifetime = timeout
    dns.resolver.default_resolver = resolver
    # pyspf, should it use pydns after all (no dnspython), gets the same server.
    try:
        import DNS
        DNS.defaults['server'] = [host]
        DNS.defaults['port'] = port
    except ImportError:
        pass


def use_psl_with(tlds):
    """authheaders finds organizational domains with publicsuffix2 (RFC 7489 section 3.2). The list's implicit
    "*" rule makes a TLD missing from it a public suffix, but publicsuffix2 gives the TLD itself as the
    organizational domain ('example' for both alpha.example and other.example). A copy of Debian's list with
    the reserved test TLDs added as rules gives what the implicit rule says; the algorithm is untouched."""
    with open(authheaders.findpsl.location, encoding='utf-8') as f:
        text = f.read()
    fd, path = tempfile.mkstemp(prefix='authheaders-psl-', suffix='.dat')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(text + '\n// RFC 2606 / RFC 6761 test TLDs (authheaders_check.py)\n' + '\n'.join(tlds) + '\n')
    authheaders.findpsl.location = path
    return path


def parse_results(value):
    """method -> {"result", "comment", "props"} of an Authentication-Results value (first clause of each method)."""
    out = {}
    for clause in value.split(';')[1:]:
        m = re.match(r'\s*([a-z0-9-]+)=([a-z]+)\s*(?:\(([^)]*)\))?(.*)$', clause, re.I | re.S)
        if not m or m.group(1).lower() in out:
            continue
        props = dict((k.lower(), v) for k, v in re.findall(r'([a-z]+\.[a-z0-9-]+)=("[^"]*"|\S+)', m.group(4), re.I))
        out[m.group(1).lower()] = {'result': m.group(2).lower(), 'comment': m.group(3), 'props': props}
    return out


def evaluate(case):
    with open(case['path'], 'rb') as f:
        msg = f.read()
    header = authheaders.authenticate_message(
        msg, AUTHSERV_ID, spf=True, dkim=True, dmarc=True,
        ip=case['ip'], mail_from=case.get('mailfrom') or '', helo=case.get('helo') or '')
    # authenticate_message returns "Authentication-Results: <value>".
    value = header.split(':', 1)[1].strip() if header.lower().startswith('authentication-results:') else header
    parsed = parse_results(value)
    spf, dkim, dmarc = parsed.get('spf', {}), parsed.get('dkim', {}), parsed.get('dmarc', {})
    return {'id': case['id'], 'header': value, 'spf': spf.get('result'), 'dkim': dkim.get('result'),
            'dkim_d': dkim.get('props', {}).get('header.d'), 'dmarc': dmarc.get('result'),
            'header_from': dmarc.get('props', {}).get('header.from'), 'policy': dmarc.get('props', {}).get('policy.dmarc'),
            'comment': dmarc.get('comment'), 'problem': None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--server', help='HOST:PORT of the DNS server to ask')
    parser.add_argument('--timeout', type=float, default=3.0, help='seconds per DNS query')
    parser.add_argument('--probe', action='store_true', help='print versions as JSON')
    args = parser.parse_args()

    if args.probe:
        import dkim
        import spf
        json.dump({'authheaders': getattr(authheaders, '__version__', 'unknown'),
                   'dkimpy': getattr(dkim, '__version__', 'unknown'),
                   'pyspf': getattr(spf, '__version__', 'unknown'),
                   'dnspython': dns.version.version,
                   'python': sys.version.split()[0]}, sys.stdout)
        return 0
    if not args.server:
        parser.error('--server is required')
    host, _, port = args.server.rpartition(':')
    use_server(host, int(port), args.timeout)
    psl = use_psl_with(['example', 'invalid', 'test'])

    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(evaluate(case))
        except Exception as x:  # a crash in the peer is data for the test, not a stop
            results.append({'id': case['id'], 'header': None, 'spf': None, 'dkim': None, 'dkim_d': None,
                            'dmarc': 'crash', 'header_from': None, 'policy': None, 'comment': None,
                            'problem': '%s: %s' % (type(x).__name__, x)})
    os.unlink(psl)
    json.dump(results, sys.stdout, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
