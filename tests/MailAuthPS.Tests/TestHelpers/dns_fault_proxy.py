#!/usr/bin/python3
"""A UDP DNS proxy for tests: forwards to an upstream server on 127.0.0.1, counts every question,
and injects faults for chosen names, so that cmdlets can be run against DNS that fails on purpose.

  /usr/bin/python3 dns_fault_proxy.py --listen PORT --upstream PORT --stats FILE
        [--servfail SUFFIX ...] [--drop SUFFIX ...] [--refuse SUFFIX ...]
        [--fault MODE=SUFFIX ...]

A question whose name is a SUFFIX or ends with "." + SUFFIX gets the fault; the first match wins.
MODE is one of
  drop          no answer at all
  servfail      SERVFAIL (rcode 2) at once
  refuse        REFUSED (rcode 5) at once
  delay:MS      the upstream's answer, MS milliseconds late
  truncate      TC=1 with no records; nothing listens on TCP at this port, so the TCP retry is refused
  badid         the upstream's answer with a different message ID
  badname       the upstream's answer to a question for another name of the same length (first
                character of the first label changed), question section included
  garbage       the query's ID followed by random bytes
Only UDP is served. Every question is counted by "name TYPE"; the counts are written as JSON to
FILE every 2 seconds and on SIGTERM or SIGINT, when it stops. Prints "ready" when listening. One
asyncio loop, so a few tens of thousands of questions a second go through.
"""
import argparse
import asyncio
import json
import os
import random
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


def error_reply(query, rcode):
    flags = struct.unpack('>H', query[2:4])[0]
    flags = (flags | 0x8000) & 0xFFF0 | rcode   # QR set, same opcode and RD, the rcode
    qdcount = struct.unpack('>H', query[4:6])[0]
    name, _ = parse_question(query)
    end = 12 + sum(len(l) + 1 for l in name.split('.') if l) + 1 + 4 if name else 12 + 5
    return query[0:2] + struct.pack('>H', flags) + struct.pack('>HHHH', qdcount, 0, 0, 0) + query[12:end]


def question_end(data):
    pos = 12
    while pos < len(data) and data[pos] != 0:
        pos += 1 + data[pos]
    return pos + 1 + 4


def other_name(query):
    """The query with the first character of its first label changed: a different name, same length."""
    if len(query) < 14 or query[12] == 0:
        return query
    c = query[13]
    repl = ord('y') if c == ord('z') else ord('z')
    return query[:13] + bytes([repl]) + query[14:]


def truncated_reply(query):
    flags = struct.unpack('>H', query[2:4])[0]
    flags = (flags | 0x8000 | 0x0200) & 0xFFF0    # QR and TC set, rcode 0
    end = question_end(query)
    return query[0:2] + struct.pack('>H', flags) + struct.pack('>HHHH', 1, 0, 0, 0) + query[12:end]


class Proxy:
    def __init__(self, args):
        self.args = args
        self.faults = []    # (suffix, mode, parameter)
        for s in args.servfail:
            self.faults.append((s.lower().rstrip('.'), 'servfail', None))
        for s in args.drop:
            self.faults.append((s.lower().rstrip('.'), 'drop', None))
        for s in args.refuse:
            self.faults.append((s.lower().rstrip('.'), 'refuse', None))
        for spec in args.fault:
            mode, _, suffix = spec.partition('=')
            mode, _, param = mode.partition(':')
            if mode not in ('drop', 'servfail', 'refuse', 'delay', 'truncate', 'badid', 'badname', 'garbage'):
                raise SystemExit('unknown fault mode: ' + mode)
            self.faults.append((suffix.lower().rstrip('.'), mode, int(param) if param else None))
        self.random = random.Random(11)
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
        mode, param = None, None
        for suffix, m, p in self.faults:
            if name == suffix or name.endswith('.' + suffix):
                mode, param = m, p
                break
        if mode == 'drop':
            return
        if mode == 'servfail':
            self.client.sendto(error_reply(data, 2), addr)
            return
        if mode == 'refuse':
            self.client.sendto(error_reply(data, 5), addr)
            return
        if mode == 'truncate':
            self.client.sendto(truncated_reply(data), addr)
            return
        if mode == 'garbage':
            junk = bytearray(self.random.getrandbits(8) for _ in range(self.random.randint(1, 60)))
            junk[0] &= 0xFD    # no TC bit: the garbage must be parsed, not retried over TCP
            self.client.sendto(data[0:2] + bytes(junk), addr)
            return
        if mode == 'badname':
            data = other_name(data)
        # A fresh upstream id per question, so concurrent clients cannot collide.
        for _ in range(65536):
            self.next_id = (self.next_id + 1) & 0xFFFF
            if self.next_id not in self.pending:
                break
        self.pending[self.next_id] = (addr, data[0:2], mode, param)
        self.upstream.sendto(struct.pack('>H', self.next_id) + data[2:])

    def from_upstream(self, data):
        if len(data) < 2:
            return
        entry = self.pending.pop(struct.unpack('>H', data[0:2])[0], None)
        if entry is None:
            return
        addr, xid, mode, param = entry
        if mode == 'badid':
            xid = struct.pack('>H', struct.unpack('>H', xid)[0] ^ 0x5A5A)
        reply = xid + data[2:]
        if mode == 'delay':
            asyncio.get_running_loop().call_later(param / 1000.0, self.client.sendto, reply, addr)
        else:
            self.client.sendto(reply, addr)


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
    ap.add_argument('--fault', action='append', default=[], help='MODE=SUFFIX, MODE one of drop, servfail, refuse, delay:MS, truncate, badid, badname, garbage')
    asyncio.run(run(ap.parse_args()))


if __name__ == '__main__':
    main()
