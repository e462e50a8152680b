// destroy() leaves nothing behind: no DOM in the shadow root and no event
// listener on the host, the document or the window (counted through the
// DevTools protocol's DOMDebugger.getEventListeners), and a widget mounted
// again afterwards still works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSuite, openSuite } from './suite.mjs';
import { SEL, gotoOk, mountUrl, newContext, storedReceipts, waitForForm } from './browser.mjs';

let server;
let browser;
let temp;

before(async () => ({ server, browser, temp } = await openSuite()));
after(() => closeSuite({ server, browser, temp }));

/** Listeners on the window, the document and the host, and what is inside the host's shadow root. */
async function footprint(page, cdp) {
  const count = async (expression) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: 0 });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    return listeners.map((l) => l.type).sort();
  };
  const host = 'document.getElementById("host")';
  return {
    window: await count('window'),
    document: await count('document'),
    host: await count(host),
    shadowChildren: await page.evaluate(() => document.getElementById('host').shadowRoot?.childElementCount ?? 0),
  };
}

test('destroy() removes the form and every listener it added', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await gotoOk(page, mountUrl(server, '/notices/pass-region.json', 'fr'));
    await waitForForm(page);
    const mounted = await footprint(page, cdp);
    assert.ok(mounted.shadowChildren > 0);

    await page.evaluate(() => window.__handle.destroy());
    const destroyed = await footprint(page, cdp);
    assert.equal(destroyed.shadowChildren, 0, 'DOM left in the shadow root');
    assert.equal(await page.locator(SEL.root).count(), 0);
    // The test page's own two listeners on the host (limpide:receipt and
    // limpide:error recorders) are all that may remain there.
    assert.deepEqual(destroyed.host, ['limpide:error', 'limpide:receipt']);
    assert.ok(destroyed.window.length <= mounted.window.length);
    assert.ok(destroyed.document.length <= mounted.document.length);

    // Mount again on the same element, then destroy again: the counts come
    // back to the same, so nothing piles up.
    await page.evaluate(async () => {
      const { mount } = await import('/limpide.js');
      window.__handle = await mount(document.getElementById('host'), '/notices/pass-region.json', { lang: 'fr' });
    });
    await waitForForm(page);
    await page.locator(SEL.refuseAll).click();
    await page.locator(SEL.summary).waitFor();
    await page.evaluate(() => window.__handle.destroy());
    const again = await footprint(page, cdp);
    assert.deepEqual(again, destroyed, 'a second mount and destroy left something behind');
  } finally {
    await context.close();
  }
});

test('a receipt still being signed when destroy() is called is kept, and announced on the host', async () => {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await gotoOk(page, mountUrl(server, '/notices/pass-region.json', 'fr'));
    await waitForForm(page);
    // Refuse all, then destroy in the same task: signing (WebCrypto,
    // IndexedDB) finishes after destroy() returned. The pupil gave an
    // answer: it is stored, and the host's listeners (the custom element
    // re-renders through destroy() and mount() on the same host) hear it.
    await page.evaluate(() => {
      document.getElementById('host').shadowRoot.querySelector('button[data-action="refuse-all"]').click();
      window.__handle.destroy();
    });
    await page.waitForFunction(() => window.__events.some((e) => e.type === 'limpide:receipt'), null, { timeout: 15000 });
    const stored = await storedReceipts(page);
    assert.equal(stored.length, 1);
    const [event] = (await page.evaluate(() => window.__events)).filter((e) => e.type === 'limpide:receipt');
    assert.deepEqual(event.detail.receipt, stored[0]);
    assert.equal(await page.locator(SEL.root).count(), 0, 'the form came back after destroy()');
  } finally {
    await context.close();
  }
});
