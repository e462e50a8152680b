// The real receipt service for the end-to-end tests: `limpide-server serve`
// started as a user starts it (SQLite in a temporary folder, the example
// notices, the demo controller key, an admin token), on a free port.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONTROLLER_KEY } from './endpoint.mjs';
import { root } from './server.mjs';

let built = false;

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

/** Starts the service; `allowOrigin` may call it from its pages (CORS). */
export async function startService({ allowOrigin }) {
  const dir = mkdtempSync(join(tmpdir(), 'limpide-service-'));
  const token = 'e2e-admin-token-0123456789abcdefghijklmnopqrstuv';
  writeFileSync(join(dir, 'admin.token'), `${token}\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(serverBinary(), [
    'serve', '--notices', join(root, 'www', 'notices'), '--key', DEMO_CONTROLLER_KEY,
    '--db', `sqlite://${join(dir, 'limpide.db')}`, '--listen', `127.0.0.1:${port}`,
    '--admin-token-file', join(dir, 'admin.token'), '--allow-origin', allowOrigin, '--demo',
  ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise((ready, failed) => {
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (log.includes('listening on')) ready();
    });
    child.on('exit', (code) => failed(new Error(`limpide-server exited ${code}: ${log}`)));
  });
  const admin = (path, init = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
  /** The subject value the controller issues for `id` (offline, with its key). */
  const subjectFor = (id) => {
    const made = spawnSync(serverBinary(), ['subject', '--key', DEMO_CONTROLLER_KEY, id], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    return made.stdout.trim();
  };
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode === null ? child.on('exit', done) : done()));
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, admin, subjectFor, stop, log: () => log };
}
