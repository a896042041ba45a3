'use strict';
// Times mailauth (postalsys, pinned in bench/package.json) on the benchmark workloads, for
// docs/performance.md; bench/Invoke-Benchmarks.ps1 runs it after `npm ci` in bench/.
//
//   node mailauth_bench.js dkim --corpus DIR [--seconds 5]
//       the corpus bench/dkim_corpus.py wrote: verify rsa2048/ and ed25519/, sign plain/ with each key.
//       Key queries answered from keys.txt in memory. One untimed pass first (every verification
//       must pass, every signature must verify), then passes until --seconds have gone by.
//   node mailauth_bench.js spf --zone FILE [--server HOST:PORT] [--seconds 10]
//       one SPF evaluation at a time; answers from the zone file in memory (an in-process stub), or
//       from the DNS server through Node's resolver (no cache between evaluations).
// Prints one JSON object.
//
// The package's entry point loads its BIMI code, whose HTTP client needs a newer Node than Debian
// ships; the DKIM and SPF modules are loaded directly.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const dns = require('node:dns');
const { dkimVerify } = require('mailauth/lib/dkim/verify');
const { dkimSign } = require('mailauth/lib/dkim/sign');
const { spf } = require('mailauth/lib/spf');

const args = process.argv.slice(2);
const mode = args[0];
const opt = (name, fallback) => {
    const i = args.indexOf('--' + name);
    return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(opt('seconds', mode === 'spf' ? 10 : 5));
const version = JSON.parse(fs.readFileSync(require.resolve('mailauth/package.json'), 'utf8')).version;
const notFound = () => Object.assign(new Error('not found'), { code: 'ENOTFOUND' });

// Runs fn over inputs in passes until `seconds` have gone by (at least one pass).
async function timed(inputs, fn) {
    const start = process.hrtime.bigint();
    let n = 0;
    let elapsed;
    for (;;) {
        for (const m of inputs) await fn(m);
        n += inputs.length;
        elapsed = Number(process.hrtime.bigint() - start) / 1e9;
        if (elapsed >= seconds) break;
    }
    return { messages: n, seconds: elapsed, ops_per_sec: n / elapsed };
}

async function dkimBench() {
    const dir = opt('corpus');
    const corpus = JSON.parse(fs.readFileSync(path.join(dir, 'corpus.json'), 'utf8'));
    const records = {};
    for (const line of fs.readFileSync(path.join(dir, 'keys.txt'), 'utf8').split('\n')) {
        if (line) records[line.slice(0, line.indexOf(' ')).toLowerCase()] = line.slice(line.indexOf(' ') + 1);
    }
    const resolver = async (name, type) => {
        const value = records[name.toLowerCase().replace(/\.$/, '')];
        if (value && type === 'TXT') return [[value]];
        throw notFound();
    };
    const load = sub => fs.readdirSync(path.join(dir, sub)).filter(f => f.endsWith('.eml')).sort().map(f => fs.readFileSync(path.join(dir, sub, f)));
    // dkimpy's Ed25519 key file is the base64 seed: wrapped as PKCS#8 (RFC 8410) for Node.
    const seedKey = text => crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(text.trim(), 'base64')]), format: 'der', type: 'pkcs8' });
    const keys = {
        rsa2048: fs.readFileSync(corpus.rsa_key, 'utf8'),
        ed25519: seedKey(fs.readFileSync(corpus.ed25519_key, 'utf8')).export({ format: 'pem', type: 'pkcs8' })
    };
    const plain = load('plain');
    const verify = async m => {
        const r = await dkimVerify(m, { resolver, minBitLength: 1024 });
        return r.results.length === 1 && r.results[0].status.result === 'pass';
    };
    const results = {};
    for (const selector of Object.keys(keys)) {
        const sign = async m => {
            const r = await dkimSign(m, {
                canonicalization: 'relaxed/relaxed',
                signatureData: [{ signingDomain: 'bench.test', selector, privateKey: keys[selector], headerList: 'from:to:subject:date:message-id:mime-version:content-type' }]
            });
            return r.signatures;
        };
        const signed = load(selector);
        for (let i = 0; i < signed.length; i++) {
            if (!(await verify(signed[i]))) throw new Error(`mailauth did not verify ${selector} message ${i}`);
        }
        for (let i = 0; i < plain.length; i++) {
            const sig = await sign(plain[i]);
            if (!sig || !(await verify(Buffer.concat([Buffer.from(sig), plain[i]])))) throw new Error(`mailauth could not verify its own ${selector} signature of message ${i}`);
        }
        results[`verify|${selector}`] = await timed(signed, verify);
        process.stderr.write(`  mailauth verify ${selector}: ${results[`verify|${selector}`].ops_per_sec.toFixed(0)}/s\n`);
        results[`sign|${selector}`] = await timed(plain, sign);
        process.stderr.write(`  mailauth sign ${selector}: ${results[`sign|${selector}`].ops_per_sec.toFixed(0)}/s\n`);
    }
    return { mailauth: version, node: process.version, results };
}

// The master-file forms the workload zone uses -> {"name|TYPE": [answers as dns.promises.resolve gives them]}.
function readZone(file) {
    let origin = '';
    let last = null;
    const answers = {};
    const abs = n => (n === '@' ? origin : n.endsWith('.') ? n.slice(0, -1) : `${n}.${origin}`).toLowerCase();
    for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
        const tokens = [];
        for (const t of raw.match(/"(?:[^"\\]|\\.)*"|;|\S+/g) || []) {
            if (t === ';') break;
            tokens.push(t);
        }
        if (!tokens.length) continue;
        if (tokens[0] === '$ORIGIN') { origin = tokens[1].replace(/\.$/, ''); continue; }
        if (tokens[0].startsWith('$')) continue;
        const owner = /^\s/.test(raw) ? last : (last = tokens.shift());
        while (tokens.length && (/^\d+$/.test(tokens[0]) || tokens[0].toUpperCase() === 'IN')) tokens.shift();
        const type = tokens[0].toUpperCase();
        const rdata = tokens.slice(1);
        let value;
        if (type === 'TXT') value = rdata.map(t => t.slice(1, -1));
        else if (type === 'MX') value = { priority: Number(rdata[0]), exchange: abs(rdata[1]) };
        else if (type === 'A' || type === 'AAAA') value = rdata[0];
        else continue;
        (answers[`${abs(owner)}|${type}`] ||= []).push(value);
    }
    return answers;
}

async function spfBench() {
    const server = opt('server');
    let resolver;
    if (server) {
        const r = new dns.promises.Resolver({ timeout: 5000, tries: 1 });
        r.setServers([server]);
        resolver = (name, type) => r.resolve(name, type);
    } else {
        const answers = readZone(opt('zone'));
        resolver = async (name, type) => {
            const found = answers[`${name.toLowerCase().replace(/\.$/, '')}|${type}`];
            if (found) return found;
            throw Object.assign(new Error('no data'), { code: 'ENODATA' });
        };
    }
    let queries = 0;
    const counting = (name, type) => { queries++; return resolver(name, type); };
    const request = { sender: opt('mailfrom', 'user@example.bench.test'), ip: opt('ip', '203.0.113.77'), helo: opt('helo', 'mail.client.test'), mta: 'mx.bench.test' };
    const first = await spf(Object.assign({ resolver: counting }, request));
    const expect = opt('expect', 'fail');
    if (first.status.result !== expect) throw new Error(`mailauth gave ${first.status.result} for the workload; expected ${expect}`);
    const evaluate = () => spf(Object.assign({ resolver }, request));
    const warm = Date.now() + 2000;
    while (Date.now() < warm) await evaluate();
    const times = [];
    const start = process.hrtime.bigint();
    let now = start;
    const end = start + BigInt(Math.round(seconds * 1e9));
    while (now < end) {
        const t0 = now;
        await evaluate();
        now = process.hrtime.bigint();
        times.push(Number(now - t0) / 1000);
    }
    const elapsed = Number(now - start) / 1e9;
    times.sort((a, b) => a - b);
    return {
        mode: server ? 'dns' : 'stub', result: first.status.result, queries_per_evaluation: queries,
        evaluations: times.length, seconds: elapsed, ops_per_sec: times.length / elapsed,
        mean_us: times.reduce((a, b) => a + b, 0) / times.length, median_us: times[Math.floor(times.length / 2)],
        mailauth: version, node: process.version
    };
}

(mode === 'dkim' ? dkimBench() : mode === 'spf' ? spfBench() : Promise.reject(new Error('mode: dkim or spf')))
    .then(r => process.stdout.write(JSON.stringify(r) + '\n'))
    .catch(e => {
        process.stderr.write(`${e.stack || e}\n`);
        process.exit(1);
    });
