#!/usr/bin/python3
"""A UDP DNS proxy for tests: forwards to an upstream server on 127.0.0.1, counts every question,
and injects faults for chosen names, so that an audit can be run against DNS that fails on purpose.

  /usr/bin/python3 dns_fault_proxy.py --listen PORT --upstream PORT --stats FILE
        [--servfail SUFFIX ...] [--drop SUFFIX ...] [--refuse SUFFIX ...]

A question whose name is a SUFFIX or ends with "." + SUFFIX gets the fault (SERVFAIL or REFUSED
answered at once, or no answer at all). Every question is counted by "name TYPE"; the counts are
written as JSON to FILE every 2 seconds and on SIGTERM or SIGINT, when it stops. Prints "ready"
when listening. One asyncio loop, so a few tens of thousands of questions a second go through.
"""
import argparse
import asyncio
import json
import os
import signal
import socket
import struct

counts = {}


def parse_question(data):
    pos, labels = 12, []
    while pos < len(data):
        n = data[pos]
        if n == 0:
            pos += 1
            break
        labels.append(data[pos + 1:pos + 1 + n].decode('ascii', 'replace').lower())
        pos += 1 + n
    qtype = struct.unpack('>H', data[pos:pos + 2])[0] if pos + 2 <= len(data) else 0
    return '.'.join(labels), qtype


def matches(name, suffixes):
    return any(name == s or name.endswith('.' + s) for s in suffixes)


def error_reply(query, rcode):
    flags = struct.unpack('>H', query[2:4])[0]
    flags = (flags | 0x8000) & 0xFFF0 | rcode   # QR set, same opcode and RD, the rcode
    qdcount = struct.unpack('>H', query[4:6])[0]
    name, _ = parse_question(query)
    end = 12 + sum(len(l) + 1 for l in name.split('.') if l) + 1 + 4 if name else 12 + 5
    return query[0:2] + struct.pack('>H', flags) + struct.pack('>HHHH', qdcount, 0, 0, 0) + query[12:end]


class Proxy:
    def __init__(self, args):
        self.args = args
        self.servfail = [s.lower().rstrip('.') for s in args.servfail]
        self.drop = [s.lower().rstrip('.') for s in args.drop]
        self.refuse = [s.lower().rstrip('.') for s in args.refuse]
        self.pending = {}
        self.next_id = 0
        self.client = None
        self.upstream = None

    def from_client(self, data, addr):
        if len(data) < 12:
            return
        name, qtype = parse_question(data)
        key = '%s %d' % (name, qtype)
        counts[key] = counts.get(key, 0) + 1
        if matches(name, self.drop):
            return
        if matches(name, self.servfail):
            self.client.sendto(error_reply(data, 2), addr)
            return
        if matches(name, self.refuse):
            self.client.sendto(error_reply(data, 5), addr)
            return
        # A fresh upstream id per question, so concurrent clients cannot collide.
        for _ in range(65536):
            self.next_id = (self.next_id + 1) & 0xFFFF
            if self.next_id not in self.pending:
                break
        self.pending[self.next_id] = (addr, data[0:2])
        self.upstream.sendto(struct.pack('>H', self.next_id) + data[2:])

    def from_upstream(self, data):
        if len(data) < 2:
            return
        entry = self.pending.pop(struct.unpack('>H', data[0:2])[0], None)
        if entry is not None:
            self.client.sendto(entry[1] + data[2:], entry[0])


class ClientSide(asyncio.DatagramProtocol):
    def __init__(self, proxy):
        self.proxy = proxy

    def connection_made(self, transport):
        self.proxy.client = transport

    def datagram_received(self, data, addr):
        self.proxy.from_client(data, addr)


class UpstreamSide(asyncio.DatagramProtocol):
    def __init__(self, proxy):
        self.proxy = proxy

    def connection_made(self, transport):
        self.proxy.upstream = transport

    def datagram_received(self, data, addr):
        self.proxy.from_upstream(data)


def write_stats(path):
    with open(path + '.tmp', 'w') as f:
        json.dump(counts, f)
    os.replace(path + '.tmp', path)


async def run(args):
    loop = asyncio.get_running_loop()
    proxy = Proxy(args)
    # Large socket buffers: bursts of thousands of questions must not be dropped by the proxy itself.
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    up.connect(('127.0.0.1', args.upstream))
    down = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    down.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    down.bind(('127.0.0.1', args.listen))
    await loop.create_datagram_endpoint(lambda: UpstreamSide(proxy), sock=up)
    await loop.create_datagram_endpoint(lambda: ClientSide(proxy), sock=down)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print('ready', flush=True)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=2)
        except asyncio.TimeoutError:
            pass
        write_stats(args.stats)
    write_stats(args.stats)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--listen', type=int, required=True)
    ap.add_argument('--upstream', type=int, required=True)
    ap.add_argument('--stats', required=True)
    ap.add_argument('--servfail', nargs='*', default=[])
    ap.add_argument('--drop', nargs='*', default=[])
    ap.add_argument('--refuse', nargs='*', default=[])
    asyncio.run(run(ap.parse_args()))


if __name__ == '__main__':
    main()
