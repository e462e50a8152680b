// The real receipt service for the end-to-end tests: `limpide-server serve`
// started as a user starts it (SQLite in a temporary folder, the example
// notices, the demo controller key, a staff file with accounts of each role
// made by `limpide-server staff add`), on a free port.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONTROLLER_KEY } from './endpoint.mjs';
import { root } from './server.mjs';

let built = false;

/** The demo log's key, and the origin `docs/examples/notice-format-3.json` lists for it. */
const DEMO_LOG_KEY = join(root, 'crates', 'server', 'demo', 'log.jwk');
const DEMO_LOG_ORIGIN = 'limpide-demo.example/log';

/** LIMPIDE_SERVER_BIN, else target/debug/limpide-server, brought up to date. */
export function serverBinary() {
  const binary = process.env.LIMPIDE_SERVER_BIN ?? join(root, 'target', 'debug', 'limpide-server');
  if (!process.env.LIMPIDE_SERVER_BIN && !built) {
    // Quick when it is up to date; never a stale binary.
    const build = spawnSync('cargo', ['build', '-q', '-p', 'limpide-server'], { cwd: root, stdio: 'inherit' });
    assert.equal(build.status, 0, 'cargo build -p limpide-server failed');
    built = true;
  }
  return binary;
}

/** A free loopback port (bound, then released). */
export async function freePort() {
  const probe = createServer();
  await new Promise((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address();
  await new Promise((ok) => probe.close(ok));
  return port;
}

/** The roles of staff accounts (docs/console.md). */
export const ROLES = ['dpo', 'communications', 'integration'];

/**
 * A staff file in `dir` with, per role, a machine client `e2e-ROLE-bot`
 * (a token) and a person `e2e-ROLE` (a password, for the console), made
 * with `limpide-server staff add` as an operator makes them.
 */
function makeStaff(dir) {
  const file = join(dir, 'staff.toml');
  const tokens = {};
  const people = {};
  const add = (args, input) => {
    const made = spawnSync(serverBinary(), ['staff', 'add', ...args, '--staff', file], { input, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
  };
  for (const role of ROLES) {
    tokens[role] = `e2e-${role}-token-0123456789abcdefghijklmnopqrstuv`;
    const tokenFile = join(dir, `${role}.token`);
    writeFileSync(tokenFile, `${tokens[role]}\n`);
    add([`e2e-${role}-bot`, '--role', role, '--token-file', tokenFile]);
    if (role !== 'integration') {
      people[role] = { account: `e2e-${role}`, password: `e2e ${role} password, long enough` };
      add([people[role].account, '--role', role, '--password-stdin'], `${people[role].password}\n`);
    }
  }
  return { file, tokens, people };
}

/**
 * Starts the service; `allowOrigin` may call it from its pages (CORS).
 * `notices`: a folder of notices to serve in place of the examples. Its
 * transparency log is always signed with the demo log key, under the origin
 * the demo notice lists (as `cargo xtask serve` does).
 */
export async function startService({ allowOrigin, notices = join(root, 'www', 'notices') }) {
  const dir = mkdtempSync(join(tmpdir(), 'limpide-service-'));
  const staff = makeStaff(dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(serverBinary(), [
    'serve', '--notices', notices, '--key', DEMO_CONTROLLER_KEY,
    '--db', `sqlite://${join(dir, 'limpide.db')}`, '--listen', `127.0.0.1:${port}`,
    '--staff', staff.file, '--public-url', `http://127.0.0.1:${port}`, '--allow-origin', allowOrigin, '--demo',
    '--log-key', DEMO_LOG_KEY, '--log-origin', DEMO_LOG_ORIGIN,
  ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise((ready, failed) => {
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (log.includes('listening on')) ready();
    });
    child.on('exit', (code) => failed(new Error(`limpide-server exited ${code}: ${log}`)));
  });
  /** A request with the token of `role`'s machine account. */
  const asRole = (role, path, init = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { ...init.headers, Authorization: `Bearer ${staff.tokens[role]}` } });
  const dpo = (path, init) => asRole('dpo', path, init);
  /**
   * A credential the controller issues for pupil `id` (offline, with its
   * key; `validFor` seconds, 24 h by default): the page hands it to the
   * widget, which sends it as `Authorization: Bearer`.
   */
  const credentialFor = (id, validFor) => {
    const args = ['credential', '--key', DEMO_CONTROLLER_KEY, ...(validFor ? ['--valid-for', String(validFor)] : []), id];
    const made = spawnSync(serverBinary(), args, { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    return made.stdout.trim();
  };
  /** A single-use enrollment code for a new device of pupil `id` (the integration role). */
  const enrollmentCodeFor = async (id) => {
    const answer = await asRole('integration', `/subjects/${encodeURIComponent(id)}/enrollment-codes`, { method: 'POST' });
    assert.equal(answer.status < 300, true, `enrollment code: ${answer.status} ${await answer.clone().text()}`);
    return (await answer.json()).code;
  };
  /** Posts a receipt (JWS JSON text) as the widget does, with pupil `id`'s credential. */
  const postReceipt = (body, id) => fetch(`${url}/receipts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/jose+json', Authorization: `Bearer ${credentialFor(id)}` },
    body,
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode === null ? child.on('exit', done) : done()));
    rmSync(dir, { recursive: true, force: true });
  };
  // `people`: the console's accounts, { dpo: { account, password }, communications: … }.
  return { url, asRole, dpo, people: staff.people, credentialFor, enrollmentCodeFor, postReceipt, stop, log: () => log };
}
