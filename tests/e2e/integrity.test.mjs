// limpide.js carries the integrity hashes of its wasm and its stylesheet
// (written by `cargo xtask build`, xtask/src/pin.rs): a page that pins
// limpide.js pins everything the form runs. A changed wasm is refused (no
// form at all), and so is a changed stylesheet (one that would hide the
// refusal, say).
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { SEL, mountUrl, openForm, openPage, waitForForm, waitUntil } from './browser.mjs';
import { dist } from './server.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

// What the server sends instead of the built file, per path (none: the file),
// set by a test and cleared after it.
const altered = new Map();

/** The server's handler: the altered body of a path, if any. */
async function sendAltered(req, res) {
  const body = altered.get(new URL(req.url, 'http://127.0.0.1').pathname);
  if (!body) return false;
  res.writeHead(200, { 'Content-Type': body.type, 'Cache-Control': 'no-store' });
  res.end(body.bytes);
  return true;
}

test('limpide.js names the integrity of the wasm and stylesheet built with it', () => {
  const js = readFileSync(join(dist, 'limpide.js'), 'utf8');
  const sri = JSON.parse(readFileSync(join(dist, 'sri.json'), 'utf8'));
  // limpide.js is minified: any quotes, any spacing.
  const quoted = (hash) => new RegExp(`["'\`]${hash.replace(/[+/]/g, '\\$&')}["'\`]`);
  const wasm = new RegExp(`integrity:\\s*${quoted(sri['limpide_bg.wasm']).source}`);
  assert.match(js, wasm, 'the wasm is not fetched with its hash');
  assert.match(js, quoted(sri['limpide.css']), 'the stylesheet hash is not passed to the widget');
});

eachEngine((engine) => {
  useSuite({ engine, server: { handler: sendAltered } }, suite);
  afterEach(() => altered.clear());

  test('a changed wasm is refused: limpide.js does not load, no form is shown', async () => {
    const wasm = readFileSync(join(dist, 'limpide_bg.wasm'));
    const changed = Buffer.from(wasm);
    changed[changed.length - 1] ^= 1;
    altered.set('/limpide_bg.wasm', { type: 'application/wasm', bytes: changed });
    const { context, page } = await openPage(suite.browser, mountUrl(suite.server, '/notices/pass-region.json', 'en'));
    try {
      assert.equal(await page.evaluate(() => window.__mounted), 'import-failed');
      assert.match(await page.evaluate(() => window.__mountError), /cannot import \/limpide\.js/);
      assert.ok(context.problems.some((p) => /integrity/i.test(p)), `no integrity error:${context.problems.join('\n')}`);
      assert.equal(await page.locator(SEL.root).count(), 0);
    } finally {
      await context.close();
    }
  });

  test('a changed stylesheet is refused: the form shows, unstyled, and refusing is not hidden', async () => {
    const css = readFileSync(join(dist, 'limpide.css'), 'utf8');
    altered.set('/limpide.css', {
      type: 'text/css; charset=utf-8',
      bytes: Buffer.from(`${css}\nbutton[data-action="refuse-all"] { display: none; }\n`),
    });
    const { context, page } = await openForm(suite.browser, mountUrl(suite.server, '/notices/pass-region.json', 'en'));
    try {
      // The refusal is reported on the console once the stylesheet arrived.
      const refused = () => context.problems.some((p) => /integrity/i.test(p));
      for (const deadline = Date.now() + 5000; !refused() && Date.now() < deadline; ) await page.waitForTimeout(50);
      assert.ok(refused(), `no integrity error:${context.problems.join('\n')}`);
      assert.ok(await page.locator(SEL.refuseAll).isVisible(), 'the altered stylesheet applied');
    } finally {
      await context.close();
    }
  });

  /** A page loading the custom element with limpide-element.js and limpide.js pinned by `hashes`. */
  function pinnedElementPage(hashes) {
    return Buffer.from(`<!doctype html>
  <html lang="en"><head><meta charset="utf-8"><title>pinned</title>
  <link rel="modulepreload" href="/limpide.js" integrity="${hashes.js}">
  <script type="module" src="/limpide-element.js" integrity="${hashes.element}"></script>
  </head><body><limpide-consent id="host" notice="/notices/pass-region.json" lang="en"></limpide-consent></body></html>`);
  }

  test('the custom element with its two modules pinned (docs/embedding.md): the right hashes load, a wrong one is refused', async () => {
    const sri = JSON.parse(readFileSync(join(dist, 'sri.json'), 'utf8'));
    const right = { js: sri['limpide.js'], element: sri['limpide-element.js'] };
    const wrong = { ...right, js: sri['limpide-element.js'] };
    for (const [hashes, loads] of [[right, true], [wrong, false]]) {
      altered.set('/test/pinned.html', { type: 'text/html; charset=utf-8', bytes: pinnedElementPage(hashes) });
      const { context, page } = await openPage(suite.browser, `${suite.server.url}test/pinned.html`);
      try {
        if (loads) {
          await waitForForm(page);
        } else {
          // The refusal itself: the browser reports the integrity failure.
          await waitUntil(() => context.problems.some((p) => /integrity/i.test(p)), 10000, () => `no integrity error:\n${context.problems.join('\n')}`);
          assert.equal(await page.locator(SEL.root).count(), 0, 'limpide.js loaded despite a wrong hash');
        }
      } finally {
        await context.close();
      }
    }
  });
});
