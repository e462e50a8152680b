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

/**
 * An init script: keeps every BroadcastChannel the page makes, so that a
 * test can tell which are still open and listening (DevTools cannot list
 * a channel's listeners without a reference to it).
 */
function trackChannels() {
  const Native = window.BroadcastChannel;
  window.__channels = [];
  window.BroadcastChannel = class extends Native {
    constructor(name) {
      super(name);
      this.__closed = false;
      window.__channels.push(this);
    }
    close() {
      this.__closed = true;
      return super.close();
    }
  };
}

/**
 * Listeners on the window, the document and the host, the BroadcastChannels
 * still open, and what is inside the host's shadow root.
 */
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
    openChannels: await page.evaluate(() => window.__channels.filter((c) => !c.__closed).length),
    shadowChildren: await page.evaluate(() => document.getElementById('host').shadowRoot?.childElementCount ?? 0),
  };
}

/** Mounts the widget on #host in the French demo notice, and waits for the form. */
async function mountOnHost(page) {
  await page.evaluate(async () => {
    const { mount } = await import('/limpide.js');
    window.__handle = await mount(document.getElementById('host'), '/notices/pass-region.json', { lang: 'fr' });
  });
  await waitForForm(page);
}

test('destroy() removes the form and every listener it added, BroadcastChannel included', async () => {
  const context = await newContext(browser);
  try {
    await context.addInitScript(trackChannels);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await gotoOk(page, `${server.url}test/mount.html?manual`);
    const before = await footprint(page, cdp);
    assert.equal(before.openChannels, 0);

    await mountOnHost(page);
    const mounted = await footprint(page, cdp);
    assert.ok(mounted.shadowChildren > 0);
    // Guards the comparison below: mounting does add listeners and a channel.
    assert.ok(mounted.openChannels > 0, 'the widget listens to no BroadcastChannel: the tracking is broken');
    assert.notDeepEqual(mounted, before);

    await page.evaluate(() => window.__handle.destroy());
    assert.deepEqual(await footprint(page, cdp), before, 'destroy() left something the mount added');
    assert.equal(await page.locator(SEL.root).count(), 0);

    // Mount again on the same element, sign, then destroy again: back to
    // the state before the first mount, so nothing piles up.
    await mountOnHost(page);
    await page.locator(SEL.refuseAll).click();
    await page.locator(SEL.summary).waitFor();
    await page.evaluate(() => window.__handle.destroy());
    assert.deepEqual(await footprint(page, cdp), before, 'a second mount and destroy left something behind');
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
