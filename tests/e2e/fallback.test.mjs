// Where WebCrypto has no Ed25519 (Chromium < 137, Firefox < 129, Safari < 17),
// the widget still signs and verifies: with its documented fallback, the
// limpide-ed25519 wasm module, fetched (pinned) only in such a browser,
// whose key's seed is kept in IndexedDB, and the receipt says so
// (collection.key_storage = "wasm-indexeddb"). The receipt verifies
// natively like any other, the same key signs after a reload (its stored
// receipts verified by the fallback), and a browser with Ed25519 never
// fetches the module, even when one key generation fails (WebKitGTK).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';

import { SEL, box, denyStorage, openForm, waitForEvents, waitForForm, waitForState } from './browser.mjs';
import { assertVerifies, decodePayload } from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** WebCrypto as in a browser without Ed25519: every operation refuses the algorithm. */
function withoutEd25519() {
  const isEd25519 = (algorithm) => String(typeof algorithm === 'string' ? algorithm : algorithm?.name).toLowerCase() === 'ed25519';
  const refuse = () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
  for (const [method, at] of [['generateKey', 0], ['importKey', 2], ['sign', 0], ['verify', 0]]) {
    const native = SubtleCrypto.prototype[method];
    SubtleCrypto.prototype[method] = function (...args) {
      return isEd25519(args[at]) ? refuse() : native.apply(this, args);
    };
  }
  window.__ed25519Refused = true;
}

/**
 * WebCrypto as WebKitGTK 2.50's about once in a hundred key generations:
 * the first Ed25519 generateKey fails with an OperationError (the next works).
 */
function firstEd25519KeyFails() {
  const native = SubtleCrypto.prototype.generateKey;
  window.__ed25519Failures = 0;
  SubtleCrypto.prototype.generateKey = function (...args) {
    if (String(args[0]?.name ?? args[0]).toLowerCase() === 'ed25519' && window.__ed25519Failures === 0) {
      window.__ed25519Failures += 1;
      return Promise.reject(new DOMException('The operation failed for an operation-specific reason', 'OperationError'));
    }
    return native.apply(this, args);
  };
}

const FALLBACK_WASM = '/limpide-ed25519_bg.wasm';
const fetched = (context, path) => context.requests.filter((url) => new URL(url).pathname === path).length;

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('without WebCrypto Ed25519 the receipt is signed by the fallback key, says so, verifies, and the key persists', async () => {
    const { context, page } = await openForm(suite.browser, suite.server.url, { events: true, init: [withoutEd25519] });
    try {
      assert.equal(await page.evaluate(() => window.__ed25519Refused), true, 'the init script did not run');
      await page.locator(box('enquetes', 'email')).check();
      await page.locator(SEL.submit).click();
      const [first] = await waitForEvents(page, 'limpide:receipt', 1);
      await waitForState(page, 'summary');
      const { payload } = decodePayload(first.detail.receipt);
      assert.equal(payload.collection.key_storage, 'wasm-indexeddb');
      assertVerifies(first.detail.receipt, suite.temp.dir, 'fallback-1.json');

      await page.reload();
      await waitForForm(page);
      await page.locator(SEL.refuseAll).click();
      const [second] = await waitForEvents(page, 'limpide:receipt', 1);
      const header = (r) => JSON.parse(Buffer.from(r.signatures[0].protected, 'base64url').toString('utf8'));
      assert.equal(header(second.detail.receipt).kid, header(first.detail.receipt).kid, 'a new key after reload');
      assert.equal(decodePayload(second.detail.receipt).payload.previous.receipt_id, payload.receipt_id);
      assertVerifies(second.detail.receipt, suite.temp.dir, 'fallback-2.json');
      // The stored first receipt was verified by the fallback (it chains to
      // it, and the history lists both, none ignored).
      await page.locator(SEL.change).click();
      await waitForForm(page);
      assert.equal(await page.locator(SEL.history).count(), 2);
      assert.equal(await page.locator('.limpide-error[role="alert"]').count(), 0, 'a stored receipt was ignored');
      assert.equal(fetched(context, FALLBACK_WASM), 2, 'the fallback module was not fetched once per page');
    } finally {
      await context.close();
    }
  });

  test('without WebCrypto Ed25519 and with storage blocked: the fallback key signs for the session, and the receipt says wasm-session', async () => {
    const { context, page } = await openForm(suite.browser, suite.server.url, { events: true, init: [withoutEd25519, denyStorage] });
    try {
      await page.locator(SEL.refuseAll).click();
      const [first] = await waitForEvents(page, 'limpide:receipt', 1);
      await page.locator(SEL.storageFailed).waitFor();
      assert.equal(decodePayload(first.detail.receipt).payload.collection.key_storage, 'wasm-session');
      assertVerifies(first.detail.receipt, suite.temp.dir, 'fallback-session.json');
      // The same session key signs the next receipt of this page.
      await page.locator(SEL.change).click();
      await waitForState(page, 'form');
      await page.locator(SEL.refuseAll).click();
      const [, second] = await waitForEvents(page, 'limpide:receipt', 2);
      const kid = (r) => JSON.parse(Buffer.from(r.signatures[0].protected, 'base64url').toString('utf8')).kid;
      assert.equal(kid(second.detail.receipt), kid(first.detail.receipt), 'a new key within one page');
      assert.equal(decodePayload(second.detail.receipt).payload.collection.key_storage, 'wasm-session');
    } finally {
      await context.close();
    }
  });

  test('a browser with WebCrypto Ed25519 never fetches the fallback module', async () => {
    const { context, page } = await openForm(suite.browser, suite.server.url, { events: true });
    try {
      await page.locator(SEL.refuseAll).click();
      await waitForEvents(page, 'limpide:receipt', 1);
      // Reading the stored receipt back verifies it too.
      await page.reload();
      await waitForForm(page);
      await page.locator(SEL.history).first().waitFor();
      assert.equal(fetched(context, FALLBACK_WASM), 0, 'the fallback module was fetched');
    } finally {
      await context.close();
    }
  });

  test("a key generation that fails once (WebKitGTK's occasional OperationError) is tried again: WebCrypto's stored key signs, not the fallback", async () => {
    const { context, page } = await openForm(suite.browser, suite.server.url, { events: true, init: [firstEd25519KeyFails] });
    try {
      await page.locator(SEL.refuseAll).click();
      const [receipt] = await waitForEvents(page, 'limpide:receipt', 1);
      assert.equal(await page.evaluate(() => window.__ed25519Failures), 1, 'the failure was not met');
      assert.equal(decodePayload(receipt.detail.receipt).payload.collection.key_storage, 'webcrypto-indexeddb');
      assert.equal(fetched(context, FALLBACK_WASM), 0, 'the fallback module was fetched');
      assertVerifies(receipt.detail.receipt, suite.temp.dir, 'retried-key.json');
    } finally {
      await context.close();
    }
  });
});
