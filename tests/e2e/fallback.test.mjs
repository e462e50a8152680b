// Where WebCrypto has no Ed25519 (Chromium < 137, Firefox < 129, Safari < 17),
// the widget still signs: with its documented fallback, a key inside the
// wasm whose seed is kept in IndexedDB, and the receipt says so
// (collection.key_storage = "wasm-indexeddb"). The receipt verifies
// natively like any other, and the same key signs after a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSuite, openSuite } from './suite.mjs';

import { SEL, box, denyStorage, newContext, recordEvents, waitForEvents, waitForForm, waitForState } from './browser.mjs';
import { assertVerifies, decodePayload } from './receipt.mjs';

let server;
let browser;
let temp;

before(async () => ({ server, browser, temp } = await openSuite()));
after(() => closeSuite({ server, browser, temp }));

/** WebCrypto as in a browser without Ed25519: generateKey refuses the algorithm. */
function withoutEd25519() {
  const generateKey = SubtleCrypto.prototype.generateKey;
  SubtleCrypto.prototype.generateKey = function (algorithm, ...rest) {
    const name = typeof algorithm === 'string' ? algorithm : algorithm?.name;
    if (String(name).toLowerCase() === 'ed25519') {
      return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
    }
    return generateKey.call(this, algorithm, ...rest);
  };
  window.__ed25519Refused = true;
}

test('without WebCrypto Ed25519 the receipt is signed by the fallback key, says so, verifies, and the key persists', async () => {
  const context = await newContext(browser);
  try {
    await context.addInitScript(withoutEd25519);
    await recordEvents(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForForm(page);
    assert.equal(await page.evaluate(() => window.__ed25519Refused), true, 'the init script did not run');
    await page.locator(box('enquetes', 'email')).check();
    await page.locator(SEL.submit).click();
    const [first] = await waitForEvents(page, 'limpide:receipt', 1);
    await waitForState(page, 'summary');
    const { payload } = decodePayload(first.detail.receipt);
    assert.equal(payload.collection.key_storage, 'wasm-indexeddb');
    assertVerifies(first.detail.receipt, temp.dir, 'fallback-1.json');

    await page.reload();
    await waitForForm(page);
    await page.locator(SEL.refuseAll).click();
    const [second] = await waitForEvents(page, 'limpide:receipt', 1);
    const header = (r) => JSON.parse(Buffer.from(r.signatures[0].protected, 'base64url').toString('utf8'));
    assert.equal(header(second.detail.receipt).kid, header(first.detail.receipt).kid, 'a new key after reload');
    assert.equal(decodePayload(second.detail.receipt).payload.previous.receipt_id, payload.receipt_id);
    assertVerifies(second.detail.receipt, temp.dir, 'fallback-2.json');
  } finally {
    await context.close();
  }
});

test('without WebCrypto Ed25519 and with storage blocked: the fallback key signs for the session, and the receipt says wasm-session', async () => {
  const context = await newContext(browser);
  try {
    await context.addInitScript(withoutEd25519);
    await context.addInitScript(denyStorage);
    await recordEvents(context);
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForForm(page);
    await page.locator(SEL.refuseAll).click();
    const [first] = await waitForEvents(page, 'limpide:receipt', 1);
    await page.locator(SEL.storageFailed).waitFor();
    assert.equal(decodePayload(first.detail.receipt).payload.collection.key_storage, 'wasm-session');
    assertVerifies(first.detail.receipt, temp.dir, 'fallback-session.json');
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
