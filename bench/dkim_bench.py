#!/usr/bin/python3
"""Times dkimpy (Debian python3-dkim, python3-nacl for Ed25519) verifying the DKIM benchmark corpus.

Reads bench/workload/dkim/*.eml and keys.txt; the key query is answered by a dnsfunc that returns
the record from a dict (in memory, like our InMemoryDnsResolver). Each message is verified once
first (it must pass), then for --warmup seconds unmeasured, then for --seconds measured, each
verification timed on its own. Prints one JSON object. Run with /usr/bin/python3.
"""
import argparse
import glob
import json
import os
import statistics
import sys
import time

import dkim


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--corpus', required=True, help='bench/workload/dkim')
    p.add_argument('--seconds', type=float, default=3.0, help='measured time per message')
    p.add_argument('--warmup', type=float, default=1.0, help='unmeasured time per message first')
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

    results = []
    for path in sorted(glob.glob(os.path.join(args.corpus, '*.eml'))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, 'rb') as f:
            message = f.read()

        def verify():
            return dkim.verify(message, dnsfunc=dnsfunc, minkey=1024)
        if not verify():
            print('dkimpy did not verify %s' % name, file=sys.stderr)
            return 1
        end = time.perf_counter() + args.warmup
        while time.perf_counter() < end:
            verify()
        times = []
        clock = time.perf_counter
        start = now = clock()
        end = start + args.seconds
        while now < end:
            t0 = now
            verify()
            now = clock()
            times.append(now - t0)
        elapsed = now - start
        results.append({
            'message': name,
            'bytes': len(message),
            'verifications': len(times),
            'ops_per_sec': len(times) / elapsed,
            'mean_us': statistics.fmean(times) * 1e6,
            'median_us': statistics.median(times) * 1e6,
        })

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
