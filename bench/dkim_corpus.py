#!/usr/bin/python3
"""Writes the DKIM benchmark corpus: 1,000 messages, each unsigned, signed with RSA-2048 and with Ed25519.

Deterministic (fixed seed, fixed t=): a rerun writes the same bytes, so every implementation in
docs/performance.md reads the same inputs. Sizes follow a log-normal distribution clipped to 2 KB to
100 KB with a median near 15 KB; half the messages are plain text, half multipart (alternative text and
HTML, or mixed with a base64 attachment). Bodies carry runs of spaces, tabs and trailing whitespace so
relaxed canonicalization has work to do. The signatures are made by dkimpy (Debian python3-dkim, with
python3-nacl for Ed25519), c=relaxed/relaxed, over seven fields, with dkimpy's published test keys
(tests/MailAuth.Tests/TestData/dkim/vectors/dkimpy/), so no implementation verifies bytes it made.

Layout of --out: plain/NNNN.eml (unsigned, what the signing benchmarks sign), rsa2048/NNNN.eml,
ed25519/NNNN.eml, keys.txt ("<name> <TXT value>" per line), private key paths in corpus.json with the
sizes. Run with /usr/bin/python3; bench/Invoke-Benchmarks.ps1 runs it when the corpus is missing.
"""
import argparse
import base64
import json
import math
import os
import random
import statistics
import sys
import time

import dkim

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, 'tests', 'MailAuth.Tests', 'TestData', 'dkim', 'vectors', 'dkimpy')
DOMAIN = b'bench.test'
HEADERS = [b'from', b'to', b'subject', b'date', b'message-id', b'mime-version', b'content-type']
TIMESTAMP = 1700000000

WORDS = ('the quarterly report is attached and the figures for the northern region look better than '
         'we expected although shipping costs rose again in march so please review the numbers before '
         'friday and tell me whether the budget meeting should move to next week invoice order '
         'customer delivery schedule warehouse contract renewal').split()


def text_lines(rng, size):
    """Plain text of about `size` bytes: ragged lines up to 76 columns, blank lines, some odd whitespace."""
    out, n = [], 0
    while n < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
        line = ' '.join(words)
        r = rng.random()
        if r < 0.08:
            line = line.replace(' ', '  ', 1)          # a double space
        elif r < 0.12:
            line = '\t' + line
        elif r < 0.18:
            line += '   '                              # trailing whitespace
        out.append(line)
        n += len(line) + 2
        if rng.random() < 0.12:
            out.append('')
            n += 2
    return out


def html_lines(rng, size):
    out, n = ['<html><body>'], 14
    while n < size:
        line = '<p>' + ' '.join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))) + '</p>'
        out.append(line)
        n += len(line) + 2
    out.append('</body></html>')
    return out


def base64_lines(rng, size):
    raw = bytes(rng.getrandbits(8) for _ in range(size * 3 // 4))
    b = base64.b64encode(raw).decode('ascii')
    return [b[i:i + 76] for i in range(0, len(b), 76)]


def message(rng, i, size):
    kind = rng.choice(['plain', 'plain', 'alternative', 'mixed'])
    head = [
        'Received: from mail.sender.bench.test (mail.sender.bench.test [192.0.2.25])',
        '\tby mx.receiver.bench.test with ESMTPS id %08x' % rng.getrandbits(32),
        '\tfor <suzie@receiver.bench.test>; Tue, 14 Nov 2023 22:13:20 +0000',
        'Received: from [10.0.0.7] (unknown [198.51.100.7])',
        '\tby mail.sender.bench.test with ESMTPSA id %08x' % rng.getrandbits(32),
        'From: Joe Sender <joe@bench.test>',
        'To: Suzie Receiver <suzie@receiver.bench.test>,',
        '  Team <team@receiver.bench.test>',
        'Subject: Quarterly report %d  (%s)' % (i, kind),
        'Date: Tue, 14 Nov 2023 22:13:19 +0000',
        'Message-ID: <%04d.%d@bench.test>' % (i, TIMESTAMP),
        'MIME-Version: 1.0',
    ]
    budget = max(200, size - sum(len(h) + 2 for h in head) - 600)   # room for the signature field
    if kind == 'plain':
        head += ['Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit']
        body = text_lines(rng, budget)
    else:
        boundary = '==b%08x==' % rng.getrandbits(32)
        head += ['Content-Type: multipart/%s;' % kind, '\tboundary="%s"' % boundary]
        body = ['This is a multi-part message in MIME format.', '', '--' + boundary,
                'Content-Type: text/plain; charset=us-ascii', '']
        if kind == 'alternative':
            body += text_lines(rng, budget // 3)
            body += ['', '--' + boundary, 'Content-Type: text/html; charset=us-ascii', '']
            body += html_lines(rng, budget - budget // 3)
        else:
            body += text_lines(rng, budget // 4)
            body += ['', '--' + boundary, 'Content-Type: application/octet-stream; name="data.bin"',
                     'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="data.bin"', '']
            body += base64_lines(rng, budget - budget // 4)
        body += ['', '--' + boundary + '--', '']
    return ('\r\n'.join(head) + '\r\n\r\n' + '\r\n'.join(body) + '\r\n').encode('ascii')


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', required=True)
    p.add_argument('--count', type=int, default=1000)
    p.add_argument('--seed', type=int, default=12)
    args = p.parse_args()

    time.time = lambda: TIMESTAMP          # t= of every signature
    rsa_path = os.path.join(VECTORS, '2048_testkey.key')
    ed_path = os.path.join(VECTORS, 'ed25519test.key')
    rsa_key = open(rsa_path, 'rb').read()
    ed_key = open(ed_path, 'rb').read().strip()
    records = {
        'rsa2048._domainkey.bench.test': open(os.path.join(VECTORS, '2048_testkey_wo_markers.pub.txt')).read().strip(),
        'ed25519._domainkey.bench.test': open(os.path.join(VECTORS, 'ed25519test.dns')).read().strip(),
    }
    keys = {'rsa2048': (rsa_key, b'rsa-sha256'), 'ed25519': (ed_key, b'ed25519-sha256')}
    for d in ['plain'] + list(keys):
        os.makedirs(os.path.join(args.out, d), exist_ok=True)

    def dnsfunc(name, timeout=5):
        return records[name.decode().rstrip('.')].encode()

    rng = random.Random(args.seed)
    sizes = {}
    for i in range(args.count):
        target = int(min(100 * 1024, max(2 * 1024, rng.lognormvariate(math.log(15 * 1024), 0.8))))
        msg = message(rng, i, target)
        name = '%04d.eml' % i
        with open(os.path.join(args.out, 'plain', name), 'wb') as f:
            f.write(msg)
        for selector, (key, algorithm) in keys.items():
            sig = dkim.sign(msg, selector.encode(), DOMAIN, key, canonicalize=(b'relaxed', b'relaxed'),
                            signature_algorithm=algorithm, include_headers=HEADERS, linesep=b'\r\n')
            signed = sig + msg
            if not dkim.verify(signed, dnsfunc=dnsfunc):
                print('dkimpy could not verify its own %s/%s' % (selector, name), file=sys.stderr)
                return 1
            with open(os.path.join(args.out, selector, name), 'wb') as f:
                f.write(signed)
            sizes.setdefault(selector, []).append(len(signed))
    with open(os.path.join(args.out, 'keys.txt'), 'w', newline='\n') as f:
        for n, v in records.items():
            f.write('%s %s\n' % (n, v))
    summary = {
        'count': args.count, 'seed': args.seed, 'rsa_key': rsa_path, 'ed25519_key': ed_path,
        'bytes': {k: {'min': min(v), 'median': int(statistics.median(v)), 'max': max(v), 'total': sum(v)} for k, v in sizes.items()},
    }
    with open(os.path.join(args.out, 'corpus.json'), 'w', newline='\n') as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary['bytes']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
