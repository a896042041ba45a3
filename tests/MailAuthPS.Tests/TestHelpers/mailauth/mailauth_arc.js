'use strict';
// Validates and seals ARC chains with mailauth (postalsys, pinned in package.json), offline: an
// independent peer for ArcSeal.Peers.Tests.ps1, used for Ed25519 chains (dkimpy's ARC is RSA only).
//
//   node mailauth_arc.js verify < job.json
//       job: {"records": {"sel._domainkey.example.com": "v=DKIM1; ..."}, "messages": [{"id", "path"}]}
//       out: [{"id", "cv": "pass" | "fail" | "none", "reason"}]
//   node mailauth_arc.js seal < job.json
//       job: {"records": {...}, "messages": [{"id", "path", "out", "domain", "selector", "key_path", "timestamp", "headers": [...]}]}
//       mailauth validates the chain itself and writes its new header fields on top of the message to "out".
//       out: [{"id", "error"}]
const fs = require('node:fs');
const crypto = require('node:crypto');
// The library's entry point loads its BIMI code, whose HTTP client needs a newer Node than Debian
// ships; the DKIM and ARC modules are loaded directly and wired as its authenticate() does.
const { dkimVerify } = require('mailauth/lib/dkim/verify');
const { arc, createSeal } = require('mailauth/lib/arc');

const job = JSON.parse(fs.readFileSync(0, 'utf8'));
const records = {};
for (const [name, value] of Object.entries(job.records || {})) records[name.toLowerCase().replace(/\.$/, '')] = value;

const resolver = async (domain, type) => {
    const value = records[domain.toLowerCase().replace(/\.$/, '')];
    if (value && type === 'TXT') return [[value]];
    const err = new Error('not found');
    err.code = 'ENOTFOUND';
    throw err;
};

// A PEM key as it is; a dkimpy Ed25519 seed file (base64 of 32 bytes) wrapped as PKCS#8 (RFC 8410).
const loadKey = path => {
    const text = fs.readFileSync(path, 'utf8').trim();
    if (text.startsWith('-----BEGIN')) return text;
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(text, 'base64')]);
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' });
};


(async () => {
    const out = [];
    for (const m of job.messages) {
        const message = fs.readFileSync(m.path);
        const seal = process.argv[2] === 'seal'
            ? { signingDomain: m.domain, selector: m.selector, privateKey: loadKey(m.key_path), headerList: m.headers }
            : undefined;
        const dkimResult = await dkimVerify(message, { resolver, seal, minBitLength: 1024 });
        const arcResult = await arc(dkimResult.arc, { resolver, minBitLength: 1024 });
        const cv = arcResult?.status?.result || 'none';
        if (process.argv[2] === 'verify') {
            out.push({ id: m.id, cv, reason: arcResult?.status?.comment || null });
            continue;
        }
        const sealResult = await createSeal(false, {
            headers: dkimResult.headers,
            arc: dkimResult.arc,
            seal: Object.assign({ cv, authResults: `${m.srv_id}; arc=${cv}; spf=pass smtp.mailfrom=example.com`, signTime: new Date(m.timestamp * 1000) }, dkimResult.seal)
        });
        if (sealResult?.errors?.length || !sealResult?.headers?.length) {
            out.push({ id: m.id, error: 'not sealed: ' + JSON.stringify(sealResult?.errors) });
            continue;
        }
        fs.writeFileSync(m.out, Buffer.concat([Buffer.from(sealResult.headers.join('\r\n') + '\r\n'), message]));
        out.push({ id: m.id, error: null });
    }
    process.stdout.write(JSON.stringify(out));
})().catch(err => {
    process.stderr.write(String(err && err.stack || err));
    process.exit(1);
});
