#!/usr/bin/python3
"""Verifies (and signs) DKIM messages with dkimpy (Debian python3-dkim), offline.

An independent peer for DkimSign.DkimPy.Tests.ps1. Key records come from the JSON input,
through dkimpy's dnsfunc hook, so nothing is asked of DNS.

  /usr/bin/python3 dkimpy_verify.py verify < job.json
      job: {"records": {"sel._domainkey.example.com": "v=DKIM1; ..."},
            "messages": [{"id": "...", "path": "..."}], "now": 1700000000 (optional)}
      out: [{"id": "...", "results": [true, false], "errors": [null, "body hash mismatch ..."]}]
           one entry per DKIM-Signature, topmost first.

  /usr/bin/python3 dkimpy_verify.py sign < job.json
      job: {"messages": [{"id", "path", "out", "domain", "selector", "key_path",
            "algorithm": "rsa-sha256" | "ed25519-sha256", "canonicalization": "relaxed/simple"}]}
      writes each signed message (the new DKIM-Signature on top) to "out";
      out: [{"id": "...", "error": null}]

  /usr/bin/python3 dkimpy_verify.py --probe      # dkimpy version, as JSON
"""
import json
import sys

import dkim


def make_dnsfunc(records):
    table = {name.lower().rstrip('.'): value.encode('ascii') for name, value in records.items()}

    def dnsfunc(name, timeout=5):
        key = (name.decode('ascii') if isinstance(name, bytes) else name).lower().rstrip('.')
        return table.get(key)
    return dnsfunc


def signature_count(message):
    headers, _body = dkim.rfc822_parse(message)
    return sum(1 for name, _value in headers if name.lower() == b'dkim-signature')


def verify(job):
    dnsfunc = make_dnsfunc(job['records'])
    out = []
    for m in job['messages']:
        with open(m['path'], 'rb') as f:
            message = f.read()
        results, errors = [], []
        try:
            count = signature_count(message)
        except dkim.DKIMException as e:
            out.append({'id': m['id'], 'results': [], 'errors': [], 'parse_error': str(e)})
            continue
        for idx in range(count):
            # A fresh DKIM object per signature: verify() keeps state from the last call.
            d = dkim.DKIM(message, minkey=1024)
            try:
                ok = bool(d.verify(idx=idx, dnsfunc=dnsfunc))
                results.append(ok)
                errors.append(None if ok else 'signature did not verify')
            except dkim.DKIMException as e:
                results.append(False)
                errors.append('%s: %s' % (type(e).__name__, e))
        out.append({'id': m['id'], 'results': results, 'errors': errors})
    return out


def sign(job):
    out = []
    for m in job['messages']:
        with open(m['path'], 'rb') as f:
            message = f.read()
        with open(m['key_path'], 'rb') as f:
            key = f.read()
        algorithm = m['algorithm'].encode('ascii')
        if algorithm == b'ed25519-sha256':
            key = key.strip()   # dkimpy wants the bare base64 seed
        header_c, _, body_c = m['canonicalization'].partition('/')
        # A message stored with bare LF gets a header folded with LF too, as dkimpy's sign() allows.
        linesep = b'\r\n' if b'\r\n' in message else b'\n'
        try:
            sig = dkim.sign(message, m['selector'].encode('ascii'), m['domain'].encode('ascii'), key,
                            canonicalize=(header_c.encode('ascii'), (body_c or 'simple').encode('ascii')),
                            signature_algorithm=algorithm, linesep=linesep)
            with open(m['out'], 'wb') as f:
                f.write(sig + message)
            out.append({'id': m['id'], 'error': None})
        except dkim.DKIMException as e:
            out.append({'id': m['id'], 'error': '%s: %s' % (type(e).__name__, e)})
    return out


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--probe':
        version = getattr(dkim, '__version__', None)
        try:
            from importlib.metadata import version as dist_version
            version = version or dist_version('dkimpy')
        except Exception:  # noqa: BLE001 - the version is informational only
            pass
        json.dump({'dkimpy': version, 'python': sys.version.split()[0]}, sys.stdout)
        return 0
    if len(sys.argv) != 2 or sys.argv[1] not in ('verify', 'sign'):
        sys.stderr.write(__doc__)
        return 2
    job = json.load(sys.stdin)
    result = verify(job) if sys.argv[1] == 'verify' else sign(job)
    json.dump(result, sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
