// `limpide log watch` and `limpide log audit` against the real service,
// as a region's DPO or the CNIL would run them: a log that grows passes; a
// fork, a rollback, a checkpoint signed by a key the notice does not list
// and a rewritten tile are each caught, with a non-zero exit; an export
// agrees with the log leaf for leaf, or says where it does not; and a
// release that kept more rows than consent allowed (a grant slipped into the
// database by hand) is caught from the export alone.
// Run by `cargo xtask test` after the CLI and the service are built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'target', 'debug', name);
const demo = (file) => join(root, 'crates', 'server', 'demo', file);
const examples = () => join(root, 'docs', 'examples');
const notice3 = join(examples(), 'notice-format-3.json');
const ORIGIN = JSON.parse(readFileSync(notice3, 'utf8')).controller.log_keys[0].split('+')[0];

const work = mkdtempSync(join(tmpdir(), 'limpide-log-watch-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const notices = join(work, 'notices');
mkdirSync(notices);
copyFileSync(notice3, join(notices, 'pass-region.json'));
const notice = join(notices, 'pass-region.json');
const pupilKey = join(work, 'pupil.jwk');
execFileSync(bin('limpide'), ['keygen', '--out', pupilKey], { stdio: 'ignore' });

const TOKENS = { dpo: 'dpo-token-0123456789abcdefghijklmnop', communications: 'comms-token-0123456789abcdefghijklm' };
const staffFile = join(work, 'staff.toml');
writeFileSync(staffFile, Object.entries(TOKENS).map(([role, token]) =>
  `[accounts.${role}-bot]\nrole = "${role}"\ntoken_sha256 = "${createHash('sha256').update(token).digest('base64url')}"\n`).join('\n'));
chmodSync(staffFile, 0o600);

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `limpide-server serve` on its own SQLite file, with a log signed by `logKey`. */
async function service(name, { logKey = demo('log.jwk'), noticesDir = notices } = {}) {
  const address = `127.0.0.1:${await freePort()}`;
  const db = join(work, `${name}.db`);
  const child = spawn(bin('limpide-server'), [
    'serve', '--notices', noticesDir, '--key', demo('controller.jwk'), '--db', `sqlite://${db}`,
    '--listen', address, '--demo', '--staff', staffFile, '--log-key', logKey, '--log-origin', ORIGIN,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => { if (String(chunk).includes('listening on')) resolve(); });
    child.on('exit', (code) => reject(new Error(`limpide-server stopped (${code})`)));
  });
  return { base: `http://${address}`, db, stop: () => child.kill() };
}

/** A pupil's first receipt, granting `grants` (PURPOSE:CHANNEL); the countersigned copy. */
async function consent(svc, subject, grants) {
  const body = execFileSync(bin('limpide'), ['sign', '--key', pupilKey, '--notice', notice, '--subject', subject,
    ...grants.flatMap((g) => ['--grant', g])], { encoding: 'utf8' });
  const credential = execFileSync(bin('limpide-server'), ['credential', '--key', demo('controller.jwk'), subject], { encoding: 'utf8' }).trim();
  const answer = await fetch(`${svc.base}/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/jose+json', Authorization: `Bearer ${credential}` },
    body,
  });
  const text = await answer.text();
  assert.equal(answer.status, 200, text);
  return text;
}

/** Waits until the service's checkpoint covers `size` leaves. */
async function published(svc, size) {
  for (let tries = 0; tries < 100; tries++) {
    const text = await (await fetch(`${svc.base}/log/checkpoint`)).text();
    if (Number(text.split('\n')[1]) >= size) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no checkpoint of ${size} leaves`);
}

const limpide = (...args) => spawnSync(bin('limpide'), args, { encoding: 'utf8' });
const watch = (svc, ...more) => limpide('log', 'watch', svc.base, '--notice', notice, '--once', ...more);

test('a watcher follows a log that grows, and catches a fork, a rollback, an unlisted key and a rewritten tile', async () => {
  const state = join(work, 'watcher.json');
  const a = await service('a');
  const forked = await service('forked');
  const shorter = await service('shorter');
  const otherKey = join(work, 'other-log.jwk');
  execFileSync(bin('limpide'), ['keygen', '--out', otherKey], { stdio: 'ignore' });
  // Served with the version before the log, which lists no log key, so the service takes any.
  const beforeTheLog = join(work, 'notices-before-the-log');
  mkdirSync(beforeTheLog);
  copyFileSync(join(root, 'www', 'notices', 'pass-region-2026-12-01.json'), join(beforeTheLog, 'pass-region.json'));
  const unlisted = await service('unlisted', { logKey: otherKey, noticesDir: beforeTheLog });
  try {
    const held = [];
    for (const n of [1, 2, 3]) held.push(await consent(a, `eleve-${n}`, ['bons-plans:sms']));
    await published(a, 6);
    // A family proves, from the tiles alone, that the receipt it holds is in the log.
    const receiptFile = join(work, 'held.json');
    writeFileSync(receiptFile, held[1]);
    const proven = limpide('log', 'prove', receiptFile, a.base, '--notice', notice);
    assert.equal(proven.status, 0, proven.stdout + proven.stderr);
    assert.match(proven.stderr, /^leaf 2 of the checkpoint of 6 leaves, proven from the tiles/);
    const proofFile = join(work, 'held.tlog-proof');
    writeFileSync(proofFile, proven.stdout);
    const checked = limpide('verify', receiptFile, '--notice', notice, '--proof', proofFile);
    assert.equal(checked.status, 0, checked.stdout);
    assert.match(checked.stdout, /^log: recorded in the controller's public log .* at index 2 \(checkpoint of 6 entries/m);
    // A document the log does not hold.
    const outside = limpide('log', 'prove', join(examples(), 'receipt-logged.json'), a.base, '--notice', notice);
    assert.equal(outside.status, 1, outside.stdout);
    assert.match(outside.stdout, /^this receipt is not in the log/);
    let run = watch(a, '--state', state);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /checkpoint of 6 leaves of .*: extends the 0 seen before; new: 3 device-enrollment, 3 receipt/);
    await consent(a, 'eleve-4', ['enquetes:email']);
    await published(a, 8);
    run = watch(a, '--state', state);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /checkpoint of 8 leaves .*extends the 6 seen before; new: 1 device-enrollment, 1 receipt/);

    // The same key and origin, another history of the same size: a fork.
    for (const n of [1, 2, 3, 5]) await consent(forked, `eleve-${n}`, ['bons-plans:sms']);
    await published(forked, 8);
    run = watch(forked, '--state', state);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^FORK: /);
    assert.match(run.stdout, /the checkpoint seen before:\n.*\n8\n/);
    // A shorter one: a rollback.
    await consent(shorter, 'eleve-1', ['bons-plans:sms']);
    await published(shorter, 2);
    run = watch(shorter, '--state', state);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^ROLLBACK: the log had 8 leaves/);
    // A checkpoint signed by a key the notice does not list.
    run = watch(unlisted);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /signed by no log key the notice lists \(unlisted-log-key\)/);
    // The stateful watcher still holds: the log it follows did not change.
    assert.equal(watch(a, '--state', state).status, 0);
    // A hash rewritten in the database: a watcher that reads the tiles sees it.
    const edit = spawnSync('python3', ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(a.db)}); c.execute("UPDATE log_leaves SET hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE leaf_index = 2"); c.commit()`], { encoding: 'utf8' });
    assert.equal(edit.status, 0, edit.stderr);
    run = watch(a);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^tile\/0\/000\.p\/8 does not hold the hash of the entries it covers \(node 2 of level 0\)/);
  } finally {
    for (const s of [a, forked, shorter, unlisted]) s.stop();
  }
});

async function staff(svc, role, method, path, body) {
  const answer = await fetch(`${svc.base}${path}`, { method, headers: { Authorization: `Bearer ${TOKENS[role]}` }, body });
  return { status: answer.status, text: await answer.text() };
}

test('an export agrees with the log leaf for leaf, and each release is recounted from it', async () => {
  const svc = await service('audited');
  try {
    for (const n of [1, 2, 3]) await consent(svc, `eleve-${n}`, ['messages-institutionnels:sms']);
    for (const n of [4, 5]) await consent(svc, `eleve-${n}`, ['bons-plans:sms']);
    const now = Math.floor(Date.now() / 1000);
    const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const draft = await staff(svc, 'communications', 'POST', '/campaigns', JSON.stringify({
      notice: 'pass-region', purpose: 'messages-institutionnels', channel: 'sms',
      sender: "Pass'Région — Région Exemple — Direction de la jeunesse",
      text: { fr: 'Les inscriptions au pass ouvrent lundi.', en: 'Registrations for the pass open on Monday.' },
      not_before: iso(now - 60), not_after: iso(now + 3600),
    }));
    assert.equal(draft.status, 201, draft.text);
    const id = JSON.parse(draft.text).id;
    assert.equal((await staff(svc, 'dpo', 'POST', `/campaigns/${id}/approve`, '')).status, 200);
    const contacts = 'subject\n' + [1, 2, 3, 4, 5].map((n) => `eleve-${n}`).join('\n') + '\n';
    const first = await staff(svc, 'communications', 'POST', `/campaigns/${id}/release`, contacts);
    assert.equal(first.status, 200, first.text);

    const exportFile = join(work, 'audit.jsonl');
    const exported = () => {
      writeFileSync(exportFile, execFileSync(bin('limpide-server'), ['export', '--db', `sqlite://${svc.db}`], { encoding: 'utf8' }));
      return readFileSync(exportFile, 'utf8').trim().split('\n');
    };
    let lines = exported();
    // 5 receipts, 5 enrollments, the manifest, the release record.
    assert.equal(lines.length, 12);
    await published(svc, 12);
    let run = limpide('log', 'audit', exportFile, svc.base, '--notice', notice);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /at 12 leaves .*: 12 documents of the export matched\n/);
    assert.match(run.stdout, /release 1 of campaign .*: kept 3 rows, 3 pupils could be contacted then/);

    // A line dropped from the export: the log says which leaf it was.
    writeFileSync(exportFile, [...lines.slice(0, 4), ...lines.slice(5)].join('\n') + '\n');
    run = limpide('log', 'audit', exportFile, svc.base, '--notice', notice);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /^leaf \d+: this .* is in the log and not in the export$/m);

    // A grant slipped into the database for a pupil who never gave it:
    // the service's gate lets them through, and the export shows it.
    const edit = spawnSync('python3', ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(svc.db)}); c.execute("INSERT INTO grants (notice_id, purpose, channel, subject, receipt_id, language) SELECT notice_id, 'messages-institutionnels', 'sms', subject, receipt_id, 'fr' FROM receipts WHERE subject = 'eleve-4'"); c.commit()`], { encoding: 'utf8' });
    assert.equal(edit.status, 0, edit.stderr);
    assert.equal((await staff(svc, 'dpo', 'POST', `/campaigns/${id}/allow-release`, '')).status, 200);
    const second = await staff(svc, 'communications', 'POST', `/campaigns/${id}/release`, contacts);
    assert.equal(second.status, 200, second.text);
    lines = exported();
    await published(svc, lines.length);
    run = limpide('log', 'audit', exportFile, svc.base, '--notice', notice);
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /release 2 of campaign .* kept 4 rows, but only 3 pupils could be contacted then: the gate let through more than consent allowed/);
  } finally {
    svc.stop();
  }
});
