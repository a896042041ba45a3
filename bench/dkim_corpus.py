#!/usr/bin/python3
"""Writes the DKIM benchmark corpus into bench/workload/dkim/ (run it again only to change the corpus).

Six messages: about 2 KB, 15 KB and 100 KB, each signed once with RSA-2048 and once with Ed25519,
c=relaxed/relaxed, by dkimpy (Debian python3-dkim, with python3-nacl for Ed25519): a signer
independent of ours, so every implementation in docs/performance.md verifies bytes none of them
made. The keys are dkimpy's published test keys, read from the copies under
tests/MailAuth.Tests/TestData/dkim/vectors/dkimpy/ (2048_testkey.key, ed25519test.key); their
public records go to keys.txt as "<name> <TXT value>" lines. t= is fixed (1700000000) and there
is no x=, so the corpus never expires; RSA PKCS#1 v1.5 and Ed25519 signatures are deterministic,
so a rerun writes the same bytes.
"""
import os
import sys
import time

import dkim

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, 'tests', 'MailAuth.Tests', 'TestData', 'dkim', 'vectors', 'dkimpy')
OUT = os.path.join(ROOT, 'bench', 'workload', 'dkim')
DOMAIN = b'bench.test'
SIZES = {'2k': 2 * 1024, '15k': 15 * 1024, '100k': 100 * 1024}
HEADERS = [b'from', b'to', b'subject', b'date', b'message-id', b'mime-version', b'content-type']

WORDS = ('the quarterly report is attached and the figures for the northern region look better than '
         'we expected although shipping costs rose again in march so please review the numbers before '
         'friday and tell me whether the budget meeting should move to next week').split()


def body(size):
    """Plain text of about `size` bytes: 72-column lines, a blank line between paragraphs, CRLF."""
    lines, line, i, n = [], [], 0, 0
    while n < size:
        w = WORDS[i % len(WORDS)]
        i += 1
        if len(' '.join(line + [w])) > 72:
            lines.append(' '.join(line))
            n += len(lines[-1]) + 2
            line = []
            if len(lines) % 7 == 6:
                lines.append('')
                n += 2
        line.append(w)
    return ('\r\n'.join(lines) + '\r\n').encode('ascii')


def message(name, size):
    head = ('Received: from mail.sender.bench.test (mail.sender.bench.test [192.0.2.25])\r\n'
            '\tby mx.receiver.bench.test with ESMTPS id 4Xb7Kq1Zz9z9sWf\r\n'
            '\tfor <suzie@receiver.bench.test>; Tue, 14 Nov 2023 22:13:20 +0000\r\n'
            'Received: from [10.0.0.7] (unknown [198.51.100.7])\r\n'
            '\tby mail.sender.bench.test with ESMTPSA id 1f2e3d4c\r\n'
            '\tfor <suzie@receiver.bench.test>; Tue, 14 Nov 2023 22:13:19 +0000\r\n'
            'From: Joe Sender <joe@bench.test>\r\n'
            'To: Suzie Receiver <suzie@receiver.bench.test>\r\n'
            'Subject: Quarterly report (%s)\r\n'
            'Date: Tue, 14 Nov 2023 22:13:19 +0000\r\n'
            'Message-ID: <%s.1700000000@bench.test>\r\n'
            'MIME-Version: 1.0\r\n'
            'Content-Type: text/plain; charset=us-ascii\r\n'
            'Content-Transfer-Encoding: 7bit\r\n'
            '\r\n') % (name, name)
    head = head.encode('ascii')
    # Leave room for the DKIM-Signature field (about 550 bytes for RSA-2048, 350 for Ed25519).
    return head + body(max(0, size - len(head) - 450))


def main():
    time.time = lambda: 1700000000          # t= of every signature
    rsa_key = open(os.path.join(VECTORS, '2048_testkey.key'), 'rb').read()
    ed_key = open(os.path.join(VECTORS, 'ed25519test.key'), 'rb').read().strip()
    rsa_record = open(os.path.join(VECTORS, '2048_testkey_wo_markers.pub.txt')).read().strip()
    ed_record = open(os.path.join(VECTORS, 'ed25519test.dns')).read().strip()
    keys = {b'rsa2048': (rsa_key, b'rsa-sha256', rsa_record), b'ed25519': (ed_key, b'ed25519-sha256', ed_record)}
    os.makedirs(OUT, exist_ok=True)
    records = {}
    for selector, (key, algorithm, record) in keys.items():
        records[selector.decode() + '._domainkey.' + DOMAIN.decode()] = record
        for size_name, size in SIZES.items():
            name = '%s-%s' % (selector.decode(), size_name)
            msg = message(name, size)
            sig = dkim.sign(msg, selector, DOMAIN, key, canonicalize=(b'relaxed', b'relaxed'),
                            signature_algorithm=algorithm, include_headers=HEADERS, linesep=b'\r\n')
            signed = sig + msg
            ok = dkim.verify(signed, dnsfunc=lambda n, timeout=5: records[n.decode().rstrip('.')].encode())
            if not ok:
                print('dkimpy could not verify its own %s' % name, file=sys.stderr)
                return 1
            with open(os.path.join(OUT, name + '.eml'), 'wb') as f:
                f.write(signed)
            print('%s.eml %d bytes' % (name, len(signed)))
    with open(os.path.join(OUT, 'keys.txt'), 'w', newline='\n') as f:
        for n, v in records.items():
            f.write('%s %s\n' % (n, v))
    return 0


if __name__ == '__main__':
    sys.exit(main())
