// A controller's receipt endpoint for the tests, on the test server:
//   POST /endpoint/countersign  countersigns with the demo controller's key, the
//                               one notices/pass-region.json lists (`limpide countersign`)
//   POST /endpoint/fail         answers 503
//   POST /endpoint/forged       countersigns, then breaks the controller's signature
//   POST /endpoint/stranger     countersigns validly, with a key the notice does not list
//   POST /endpoint/hang         never answers (the connection stays open)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './receipt.mjs';
import { root } from './server.mjs';

/** The demo controller's private key (listed in notices/pass-region.json). */
export const DEMO_CONTROLLER_KEY = join(root, 'crates', 'server', 'demo', 'controller.jwk');

/** The request handler, with the demo controller's key and a stranger's; `received` lists what was posted. */
export function controllerEndpoint() {
  const dir = mkdtempSync(join(tmpdir(), 'limpide-controller-'));
  const stranger = join(dir, 'stranger.jwk');
  const made = runCli(['keygen', '--out', stranger]);
  assert.equal(made.status, 0, `limpide keygen failed: ${made.stderr}`);
  const received = [];
  let count = 0;

  async function handler(req, res) {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (!pathname.startsWith('/endpoint/')) return false;
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    const mode = pathname.slice('/endpoint/'.length);
    // `at`: when the post arrived, to measure the widget's timeout from it.
    received.push({ mode, method: req.method, type: req.headers['content-type'], body, at: Date.now() });
    if (mode === 'hang') {
      // No answer at all; the server's close() ends the connection.
      return true;
    }
    if (mode === 'fail' || req.method !== 'POST') {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('unavailable');
      return true;
    }
    const file = join(dir, `received-${count++}.json`);
    writeFileSync(file, body);
    const key = mode === 'stranger' ? stranger : DEMO_CONTROLLER_KEY;
    const signed = runCli(['countersign', file, '--key', key]);
    if (signed.status !== 0) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(signed.stdout + signed.stderr);
      return true;
    }
    let answer = signed.stdout;
    if (mode === 'forged') {
      // Flip one character of the last (the controller's) signature.
      const at = answer.lastIndexOf('"signature":"') + '"signature":"'.length;
      answer = answer.slice(0, at) + (answer[at] === 'A' ? 'B' : 'A') + answer.slice(at + 1);
    }
    res.writeHead(200, { 'Content-Type': 'application/jose+json' });
    res.end(answer);
    return true;
  }

  return { handler, received, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
