#!/usr/bin/python3
"""Validates and seals ARC chains with dkimpy (Debian python3-dkim), offline.

An independent peer for ArcSeal.DkimPy.Tests.ps1. Key records come from the JSON input through
dkimpy's dnsfunc hook, so nothing is asked of DNS.

  /usr/bin/python3 dkimpy_arc.py verify < job.json
      job: {"records": {"sel._domainkey.example.com": "v=DKIM1; ..."}, "messages": [{"id", "path"}]}
      out: [{"id": "...", "cv": "pass" | "fail" | "none", "reason": "..."}]

  /usr/bin/python3 dkimpy_arc.py seal < job.json
      job: {"messages": [{"id", "path", "out", "domain", "selector", "key_path",
            "algorithm": "rsa-sha256" | "ed25519-sha256", "srv_id", "timestamp", "headers": ["from", ...]}]}
      dkimpy reads the chain status from the message's Authentication-Results of srv_id (arc=...),
      so the caller puts one there; the new ARC set goes on top of the message written to "out".
      out: [{"id": "...", "error": null}]
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


def verify(job):
    dnsfunc = make_dnsfunc(job['records'])
    out = []
    for m in job['messages']:
        with open(m['path'], 'rb') as f:
            message = f.read()
        try:
            cv, _results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc, minkey=1024)
            cv = cv.decode('ascii') if isinstance(cv, bytes) else (cv or 'fail')
        except dkim.DKIMException as e:
            cv, reason = 'fail', str(e)
        out.append({'id': m['id'], 'cv': cv.lower(), 'reason': reason})
    return out


def seal(job):
    out = []
    for m in job['messages']:
        with open(m['path'], 'rb') as f:
            message = f.read()
        with open(m['key_path'], 'rb') as f:
            key = f.read()
        try:
            headers = dkim.arc_sign(message, m['selector'].encode(), m['domain'].encode(), key, m['srv_id'].encode(),
                                    signature_algorithm=m['algorithm'].encode(),
                                    include_headers=[h.encode() for h in m['headers']],
                                    timestamp=str(m['timestamp']))
            with open(m['out'], 'wb') as f:
                f.write(b''.join(headers) + message)
            out.append({'id': m['id'], 'error': None})
        except dkim.DKIMException as e:
            out.append({'id': m['id'], 'error': str(e)})
    return out


if __name__ == '__main__':
    job = json.load(sys.stdin)
    result = {'verify': verify, 'seal': seal}[sys.argv[1]](job)
    json.dump(result, sys.stdout)
