// Receipt helpers for the end-to-end tests: decode a JWS JSON receipt, its
// digest, its decisions, and verify it natively with the `limpide` CLI.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './server.mjs';

export const NOTICE_PATH = join(root, 'www', 'notices', 'pass-region.json');
export const NOTICE = JSON.parse(readFileSync(NOTICE_PATH, 'utf8'));

/** Every box the notice calls for: one per channel, or one per purpose without channels. */
export function expectedBoxes(notice = NOTICE) {
  return notice.purposes.flatMap((p) =>
    p.channels && p.channels.length ? p.channels.map((c) => key(p.id, c)) : [key(p.id)],
  );
}

/** The box states (browser.mjs's boxStates) of a form with exactly `ticked` ticked. */
export function expectedStates(ticked, notice = NOTICE) {
  return Object.fromEntries(expectedBoxes(notice).map((k) => [k, ticked.includes(k)]));
}

/** "purpose:channel", or "purpose" for a purpose without channels. */
export function key(purpose, channel) {
  return channel ? `${purpose}:${channel}` : purpose;
}

export function base64urlDecode(text) {
  assert.match(text, /^[A-Za-z0-9_-]*$/, 'not base64url without padding');
  return Buffer.from(text, 'base64url');
}

/** The payload bytes and parsed payload of a receipt. */
export function decodePayload(receipt) {
  assert.equal(typeof receipt?.payload, 'string', `not a JWS JSON receipt: ${JSON.stringify(receipt)?.slice(0, 200)}`);
  const bytes = base64urlDecode(receipt.payload);
  return { bytes, payload: JSON.parse(bytes.toString('utf8')) };
}

/** SHA-256 base64url of bytes: a receipt's digest is that of its payload bytes. */
export function digest(bytes) {
  return createHash('sha256').update(bytes).digest('base64url');
}

export function receiptDigest(receipt) {
  return digest(decodePayload(receipt).bytes);
}

/** The decisions of a payload as {"purpose:channel" | "purpose": "granted" | "refused"}. */
export function decisions(payload) {
  const out = {};
  for (const p of payload.purposes) {
    if (p.channels) {
      for (const [channel, status] of Object.entries(p.channels)) out[key(p.id, channel)] = status;
    } else {
      out[key(p.id)] = p.status;
    }
  }
  return out;
}

/** Asserts the payload decides every box of the notice: `granted` exactly those listed. */
export function assertDecisions(payload, granted, notice = NOTICE) {
  const expected = Object.fromEntries(
    expectedBoxes(notice).map((k) => [k, granted.includes(k) ? 'granted' : 'refused']),
  );
  assert.deepEqual(decisions(payload), expected, 'the receipt records the wrong decisions');
}

let cliPath;
/**
 * The `limpide` binary: LIMPIDE_BIN, else target/debug/limpide, built with
 * `cargo build -p limpide-cli` when missing.
 */
export function cli() {
  if (cliPath) return cliPath;
  const candidate = process.env.LIMPIDE_BIN ?? join(root, 'target', 'debug', 'limpide');
  if (!existsSync(candidate)) {
    const built = spawnSync('cargo', ['build', '-q', '-p', 'limpide-cli'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
    assert.equal(built.status, 0, 'cargo build -p limpide-cli failed');
    assert.ok(existsSync(candidate), `${candidate} is still missing after cargo build -p limpide-cli`);
  }
  cliPath = candidate;
  return cliPath;
}

export function runCli(args) {
  return spawnSync(cli(), args, { cwd: root, encoding: 'utf8' });
}

/** A temporary folder, removed by the returned cleanup function. */
export function tempDir(prefix = 'limpide-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Asserts `limpide verify FILE... --notice pass-region.json --json` accepts
 * every file; returns the report's inputs ({input, valid, receipt_id, digest, signers}).
 */
export function assertVerifiesFile(files, notice = NOTICE_PATH) {
  const list = [files].flat();
  const result = runCli(['verify', ...list, '--notice', notice, '--json']);
  assert.equal(
    result.status,
    0,
    `limpide verify ${list.join(' ')} --notice ${notice} exited ${result.status}:\n${result.stdout}${result.stderr}`,
  );
  const report = JSON.parse(result.stdout);
  assert.equal(report.valid, true);
  assert.equal(report.inputs.length, list.length);
  return report.inputs;
}

/** Writes a receipt object to a file in `dir` and verifies it natively; returns {file, report}. */
export function assertVerifies(receipt, dir, name = 'receipt.json') {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(receipt, null, 2));
  const [report] = assertVerifiesFile(file);
  return { file, report };
}

/** `limpide show FILE --notice …`: asserts exit 0 and returns the account. */
export function show(file, lang = 'en') {
  const result = runCli(['show', file, '--notice', NOTICE_PATH, '--lang', lang]);
  assert.equal(result.status, 0, `limpide show ${file} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}
