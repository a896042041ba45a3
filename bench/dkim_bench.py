#!/usr/bin/python3
"""Times dkimpy (Debian python3-dkim, python3-nacl for Ed25519) verifying and signing the DKIM corpus.

Reads the corpus bench/dkim_corpus.py writes (all of it into memory first). Key queries are answered
by a dnsfunc returning the record from a dict (in memory, like our InMemoryDnsResolver); dkimpy parses
the key on every call, as it is used. For each key and operation: one untimed pass over all messages
that must succeed (every verification passes; every signature verifies), then passes until --seconds
have gone by (at least one); messages/s is messages handled over the time taken.
--check DIR verifies the messages another implementation signed (a spot check of ours) and exits.
Prints one JSON object. Run with /usr/bin/python3.
"""
import argparse
import glob
import json
import os
import sys
import time

import dkim

HEADERS = [b'from', b'to', b'subject', b'date', b'message-id', b'mime-version', b'content-type']


def load(folder):
    out = []
    for path in sorted(glob.glob(os.path.join(folder, '*.eml'))):
        with open(path, 'rb') as f:
            out.append(f.read())
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--corpus', required=True, help='the folder bench/dkim_corpus.py wrote')
    p.add_argument('--seconds', type=float, default=5.0, help='least measured time per key and operation')
    p.add_argument('--check', help='a folder of messages signed by another implementation to verify')
    args = p.parse_args()

    records = {}
    with open(os.path.join(args.corpus, 'keys.txt'), encoding='ascii') as f:
        for line in f:
            line = line.rstrip('\n')
            if line:
                name, value = line.split(' ', 1)
                records[name] = value.encode('ascii')

    def dnsfunc(name, timeout=5):
        return records.get(name.decode('ascii').rstrip('.').lower())

    def verify(m):
        return dkim.verify(m, dnsfunc=dnsfunc, minkey=1024)

    if args.check:
        messages = load(args.check)
        failed = [i for i, m in enumerate(messages) if not verify(m)]
        json.dump({'checked': len(messages), 'failed': failed}, sys.stdout)
        print()
        return 1 if failed or not messages else 0

    corpus = json.load(open(os.path.join(args.corpus, 'corpus.json')))
    keys = {'rsa2048': (open(corpus['rsa_key'], 'rb').read(), b'rsa-sha256'),
            'ed25519': (open(corpus['ed25519_key'], 'rb').read().strip(), b'ed25519-sha256')}
    plain = load(os.path.join(args.corpus, 'plain'))
    results = {}
    for selector, (key, algorithm) in keys.items():
        signed = load(os.path.join(args.corpus, selector))

        def sign(m):
            return dkim.sign(m, selector.encode(), b'bench.test', key, canonicalize=(b'relaxed', b'relaxed'),
                             signature_algorithm=algorithm, include_headers=HEADERS, linesep=b'\r\n')

        # Untimed first pass: everything must work before anything is timed.
        bad = [i for i, m in enumerate(signed) if not verify(m)]
        if bad:
            print('dkimpy did not verify %d %s messages (first %d)' % (len(bad), selector, bad[0]), file=sys.stderr)
            return 1
        for i, m in enumerate(plain):
            if not verify(sign(m) + m):
                print('dkimpy could not verify its own %s signature of message %d' % (selector, i), file=sys.stderr)
                return 1
        for op, fn, inputs in (('verify', verify, signed), ('sign', sign, plain)):
            clock = time.perf_counter
            start = clock()
            n = 0
            while True:
                for m in inputs:
                    fn(m)
                n += len(inputs)
                elapsed = clock() - start
                if elapsed >= args.seconds:
                    break
            results['%s|%s' % (op, selector)] = {'messages': n, 'seconds': elapsed, 'ops_per_sec': n / elapsed}
            print('  dkimpy %s %s: %.0f/s' % (op, selector, n / elapsed), file=sys.stderr)

    version = 'unknown'
    try:
        from importlib.metadata import version as pkg_version
        version = pkg_version('dkimpy')
    except Exception:
        pass
    json.dump({'dkimpy': version, 'python': sys.version.split()[0], 'results': results}, sys.stdout)
    print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
