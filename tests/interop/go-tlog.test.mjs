// The transparency log checked by verifiers no one here wrote: Go's own
// golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-go and
// golang-golang-x-mod-dev; tests/interop/go-tlog/main.go only reads the
// files and calls them), with each document's leaf computed by npm
// `canonicalize` (RFC 8785's reference implementation) and node's SHA-256.
// Run by `cargo xtask test` after the CLI and the service are built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import canonicalize from 'canonicalize';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'target', 'debug', name);
const examples = join(root, 'docs', 'examples');
const notice = JSON.parse(readFileSync(join(examples, 'notice-format-3.json'), 'utf8'));
const VKEY = notice.controller.log_keys[0];
const ORIGIN = VKEY.split('+')[0];

const work = mkdtempSync(join(tmpdir(), 'limpide-go-tlog-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** Go's verifier, built offline against Debian's copy of golang.org/x/mod. */
function goVerifier() {
  const out = join(work, 'go-tlog');
  execFileSync('go', ['build', '-o', out, '.'], {
    cwd: join(root, 'tests', 'interop', 'go-tlog'),
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(work, 'gocache'), GOFLAGS: '' },
    stdio: 'inherit',
  });
  return out;
}
const verifier = goVerifier();

/** A document's leaf, computed here: its kind and the SHA-256 of its RFC 8785 form. */
function entryOf(document) {
  const protectedHeader = JSON.parse(Buffer.from(document.signatures[0].protected, 'base64url').toString('utf8'));
  const kinds = {
    'limpide-receipt+jws;v=1': 'receipt',
    'limpide-enrollment+jws;v=1': 'device-enrollment',
    'limpide-withdrawal+jws;v=1': 'box-withdrawal',
    'limpide-campaign+jws;v=1': 'campaign-manifest',
    'limpide-release+jws;v=1': 'release-record',
  };
  const digest = createHash('sha256').update(canonicalize(document), 'utf8').digest('base64url');
  return `${kinds[protectedHeader.typ]} ${digest}`;
}

/** Go's verdict on `proof` for `document` with `vkey`: its output, and whether it holds. */
function goSays(vkey, proof, document) {
  const files = ['vkey', 'proof', 'entry'].map((n) => join(work, `${n}-${Math.random()}`));
  writeFileSync(files[0], vkey);
  writeFileSync(files[1], proof);
  writeFileSync(files[2], entryOf(document));
  const run = spawnSync(verifier, files, { encoding: 'utf8' });
  return { ok: run.status === 0, said: run.stdout.trim() };
}

test("Go's sumdb verifies the documented receipt's proof, and refuses it altered", () => {
  const receipt = JSON.parse(readFileSync(join(examples, 'receipt-logged.json'), 'utf8'));
  const proof = readFileSync(join(examples, 'receipt-logged.tlog-proof'), 'utf8');
  assert.deepEqual(goSays(VKEY, proof, receipt), { ok: true, said: 'ok 2 6' });
  // Another index, a changed hash, a key the notice does not list, another document.
  const hashLine = proof.split('\n')[2];
  const flipped = (hashLine[0] === 'A' ? 'B' : 'A') + hashLine.slice(1);
  for (const [what, vkey, text, doc] of [
    ['another index', VKEY, proof.replace('index 2', 'index 3'), receipt],
    ['a changed hash', VKEY, proof.replace(hashLine, flipped), receipt],
    ['another document', VKEY, proof, { ...receipt, payload: receipt.payload + 'x' }],
  ]) {
    assert.equal(goSays(vkey, text, doc).ok, false, what);
  }
  const otherKey = execFileSync(bin('limpide'), ['keygen', '--out', join(work, 'other.jwk')], { encoding: 'utf8' });
  const x = Buffer.from(JSON.parse(otherKey).x, 'base64url');
  const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(`${ORIGIN}\n`), Buffer.from([1]), x])).digest().subarray(0, 4).toString('hex');
  const otherVkey = `${ORIGIN}+${keyId}+${Buffer.concat([Buffer.from([1]), x]).toString('base64')}`;
  const refused = goSays(otherVkey, proof, receipt);
  assert.equal(refused.ok, false);
  assert.match(refused.said, /checkpoint/);
});

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

test("Go's sumdb verifies the live log's proofs across a tile boundary, for every kind of leaf it holds", async () => {
  const notices = join(work, 'notices');
  mkdirSync(notices);
  copyFileSync(join(examples, 'notice-format-3.json'), join(notices, 'pass-region.json'));
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const controllerKey = join(root, 'crates', 'server', 'demo', 'controller.jwk');
  const service = spawn(bin('limpide-server'), [
    'serve', '--notices', notices, '--key', controllerKey, '--db', `sqlite://${join(work, 'log.db')}`,
    '--listen', address, '--demo', '--log-key', join(root, 'crates', 'server', 'demo', 'log.jwk'),
    '--log-origin', ORIGIN, '--anonymous-posts-per-second', '1000',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise((resolve, reject) => {
      service.stderr.on('data', (chunk) => { if (String(chunk).includes('listening on')) resolve(); });
      service.on('exit', (code) => reject(new Error(`limpide-server stopped (${code})`)));
    });
    const base = `http://${address}`;
    // 140 pupils' first receipts: 280 leaves (each enrolls a device), past the first tile.
    const key = join(work, 'pupil.jwk');
    execFileSync(bin('limpide'), ['keygen', '--out', key], { stdio: 'ignore' });
    const logged = [];
    for (let n = 0; n < 140; n++) {
      const subject = `eleve-${String(n).padStart(4, '0')}`;
      const body = execFileSync(bin('limpide'), ['sign', '--key', key, '--notice', join(notices, 'pass-region.json'), '--grant', 'bons-plans:sms', '--subject', subject], { encoding: 'utf8' });
      const credential = execFileSync(bin('limpide-server'), ['credential', '--key', controllerKey, subject], { encoding: 'utf8' }).trim();
      const answer = await fetch(`${base}/receipts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/jose+json', Authorization: `Bearer ${credential}` },
        body,
      });
      assert.equal(answer.status, 200, await answer.clone().text());
      logged.push({ index: Number(answer.headers.get('limpide-log-index')), document: await answer.json() });
    }
    let checkpoint;
    for (let tries = 0; tries < 50; tries++) {
      checkpoint = await (await fetch(`${base}/log/checkpoint`)).text();
      if (checkpoint.split('\n')[1] === '280') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(checkpoint.split('\n')[1], '280');
    for (const { index, document } of [logged[0], logged[70], logged[139]]) {
      const proof = await (await fetch(`${base}/log/proof/${index}`)).text();
      assert.deepEqual(goSays(VKEY, proof, document), { ok: true, said: `ok ${index} 280` });
    }
    // The enrollment each first receipt brought is a leaf too: the entry
    // bundle's next leaf after a receipt is its enrollment.
    const bundle = Buffer.from(await (await fetch(`${base}/log/tile/entries/000`)).arrayBuffer());
    const entries = [];
    for (let at = 0; at < bundle.length; ) {
      const length = bundle.readUInt16BE(at);
      entries.push(bundle.subarray(at + 2, at + 2 + length).toString('utf8'));
      at += 2 + length;
    }
    assert.equal(entries.length, 256);
    assert.equal(entries[logged[0].index], entryOf(logged[0].document));
    assert.match(entries[logged[0].index + 1], /^device-enrollment [A-Za-z0-9_-]{43}$/);
  } finally {
    service.kill();
  }
});
