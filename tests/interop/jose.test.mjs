// Interoperability with an independent JOSE implementation (npm `jose`):
// it verifies receipts that `limpide` signs, and `limpide` verifies
// receipts that it signs. Run by `cargo xtask test` after the CLI is built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.LIMPIDE_BIN ?? join(root, 'target', 'debug', 'limpide');
const notice = join(root, 'www', 'notices', 'pass-region.json');
// The version the documented controller records name.
const recordsNotice = join(root, 'www', 'notices', 'pass-region-2026-12-01.json');
const TYP = 'limpide-receipt+jws;v=1';

function limpide(args, input) {
  return spawnSync(cli, args, { input, encoding: 'utf8' });
}

function signedByLimpide(dir) {
  const key = join(dir, 'pupil.jwk');
  execFileSync(cli, ['keygen', '--out', key], { stdio: 'ignore' });
  const out = execFileSync(cli, ['sign', '--key', key, '--notice', notice, '--grant', 'bons-plans:sms'], { encoding: 'utf8' });
  return JSON.parse(out);
}

test('jose verifies a receipt signed by limpide', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'limpide-jose-'));
  try {
    const receipt = signedByLimpide(dir);
    const { payload, protectedHeader } = await jose.generalVerify(receipt, async (header) => {
      assert.equal(header.kid, await jose.calculateJwkThumbprint(header.jwk, 'sha256'));
      return jose.importJWK(header.jwk, 'EdDSA');
    });
    assert.equal(protectedHeader.alg, 'EdDSA');
    assert.equal(protectedHeader.typ, TYP);
    assert.equal(protectedHeader.role, 'subject');
    const body = JSON.parse(new TextDecoder().decode(payload));
    assert.equal(body.version, 1);
    assert.deepEqual(body.purposes[0].channels, { email: 'refused', sms: 'granted' });

    // jose refuses it too once a payload byte changes.
    const tampered = structuredClone(receipt);
    tampered.payload = tampered.payload.replace(/.$/, (c) => (c === 'A' ? 'Q' : 'A'));
    await assert.rejects(jose.generalVerify(tampered, (h) => jose.importJWK(h.jwk, 'EdDSA')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('limpide verifies a receipt signed by jose, and refuses it altered', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'limpide-jose-'));
  try {
    // A valid payload, signed here by jose with its own Ed25519 key.
    const payload = jose.base64url.decode(signedByLimpide(dir).payload);
    const { publicKey, privateKey } = await jose.generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await jose.exportJWK(publicKey);
    const kid = await jose.calculateJwkThumbprint(jwk, 'sha256');
    const jws = await new jose.GeneralSign(payload)
      .addSignature(privateKey)
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP, jwk, kid, role: 'subject' })
      .sign();
    const file = join(dir, 'by-jose.json');
    writeFileSync(file, JSON.stringify(jws));
    const ok = limpide(['verify', file, '--notice', notice]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, new RegExp(`signed by subject ${kid}`));

    // As the controller: only with a key the notice lists (the demo
    // controller's, imported into jose), never with a key of its own.
    const stranger = await new jose.GeneralSign(payload)
      .addSignature(privateKey)
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP, jwk, kid, role: 'controller' })
      .sign();
    writeFileSync(file, JSON.stringify(stranger));
    const refused = limpide(['verify', file, '--notice', notice]);
    assert.equal(refused.status, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /does not list in controller\.keys/);
    const demo = JSON.parse(readFileSync(join(root, 'crates', 'server', 'demo', 'controller.jwk'), 'utf8'));
    const demoKey = await jose.importJWK({ ...demo, alg: 'EdDSA' }, 'EdDSA');
    const { d: _private, ...demoPublic } = demo;
    const listed = await new jose.GeneralSign(payload)
      .addSignature(demoKey)
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP, jwk: demoPublic, kid: await jose.calculateJwkThumbprint(demoPublic, 'sha256'), role: 'controller' })
      .sign();
    writeFileSync(file, JSON.stringify(listed));
    const accepted = limpide(['verify', file, '--notice', notice]);
    assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
    assert.match(accepted.stdout, /the controller's key is listed in the notice/);

    // The same with "alg": "Ed25519" (RFC 9864, which jose signs since
    // version 6) is accepted as well.
    const modern = await new jose.GeneralSign(payload)
      .addSignature(privateKey)
      .setProtectedHeader({ alg: 'Ed25519', typ: TYP, jwk, kid, role: 'subject' })
      .sign();
    assert.equal(JSON.parse(new TextDecoder().decode(jose.base64url.decode(modern.signatures[0].protected))).alg, 'Ed25519');
    writeFileSync(file, JSON.stringify(modern));
    const fully = limpide(['verify', file, '--notice', notice]);
    assert.equal(fully.status, 0, fully.stdout + fully.stderr);
    assert.match(fully.stdout, new RegExp(`signed by subject ${kid}`));

    const altered = structuredClone(jws);
    altered.signatures[0].protected = jose.base64url.encode(
      JSON.stringify({ alg: 'EdDSA', typ: TYP, jwk, kid, role: 'controller' }),
    );
    writeFileSync(file, JSON.stringify(altered));
    const bad = limpide(['verify', file]);
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^\/signatures\/0\/signature: the signature does not match/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('jose verifies the controller records (manifest, release, withdrawal), and limpide verifies a manifest jose signs', async () => {
  const demo = JSON.parse(readFileSync(join(root, 'crates', 'server', 'demo', 'controller.jwk'), 'utf8'));
  const { d: _private, ...demoPublic } = demo;
  const demoKid = await jose.calculateJwkThumbprint(demoPublic, 'sha256');
  const typs = {
    'campaign-manifest.json': 'limpide-campaign+jws;v=1',
    'release-record.json': 'limpide-release+jws;v=1',
    'box-withdrawal.json': 'limpide-withdrawal+jws;v=1',
  };
  for (const [name, typ] of Object.entries(typs)) {
    const record = JSON.parse(readFileSync(join(root, 'docs', 'examples', name), 'utf8'));
    assert.equal(record.signatures.length, 1, name);
    const { payload, protectedHeader } = await jose.generalVerify(record, async (header) => {
      assert.equal(header.kid, await jose.calculateJwkThumbprint(header.jwk, 'sha256'));
      return jose.importJWK(header.jwk, 'EdDSA');
    });
    assert.equal(protectedHeader.typ, typ, name);
    assert.equal(protectedHeader.role, 'controller', name);
    assert.equal(protectedHeader.kid, demoKid, name);
    assert.equal(JSON.parse(new TextDecoder().decode(payload)).version, 1, name);
  }

  // A manifest payload signed by jose with the demo controller's key is a
  // valid campaign manifest for limpide, listed by the notice.
  const dir = mkdtempSync(join(tmpdir(), 'limpide-jose-'));
  try {
    const example = JSON.parse(readFileSync(join(root, 'docs', 'examples', 'campaign-manifest.json'), 'utf8'));
    const payload = jose.base64url.decode(example.payload);
    const demoKey = await jose.importJWK({ ...demo, alg: 'EdDSA' }, 'EdDSA');
    const manifest = await new jose.GeneralSign(payload)
      .addSignature(demoKey)
      .setProtectedHeader({ alg: 'EdDSA', typ: typs['campaign-manifest.json'], jwk: demoPublic, kid: demoKid, role: 'controller' })
      .sign();
    const file = join(dir, 'manifest.json');
    writeFileSync(file, JSON.stringify(manifest));
    const ok = limpide(['verify', file, '--notice', recordsNotice, '--json']);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const report = JSON.parse(ok.stdout).inputs[0];
    assert.equal(report.kind, 'campaign-manifest');
    assert.equal(report.controller, 'listed');

    // The same payload under a receipt's typ is not a receipt.
    const asReceipt = await new jose.GeneralSign(payload)
      .addSignature(demoKey)
      .setProtectedHeader({ alg: 'EdDSA', typ: TYP, jwk: demoPublic, kid: demoKid, role: 'controller' })
      .sign();
    writeFileSync(file, JSON.stringify(asReceipt));
    const refused = limpide(['verify', file]);
    assert.equal(refused.status, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /^\/payload/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
