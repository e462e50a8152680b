// destroy() leaves nothing behind: no DOM in the shadow root and no event
// listener on the host, the document or the window, and a widget mounted
// again afterwards still works. Chromium counts the listeners through the
// DevTools protocol's DOMDebugger.getEventListeners; Firefox has no protocol
// that lists them, so there the page's addEventListener and
// removeEventListener are recorded from before any script runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { SEL, engineOf, gotoOk, mountUrl, newContext, openForm, storedReceipts, waitForForm } from './browser.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

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
 * An init script (Firefox): records the listeners added to and removed from
 * every target, as the browser keeps them (one per type, listener and
 * capture flag), and lists them with `window.__listenersOf(target)`, the
 * `on…` handler properties set included.
 */
function trackListeners() {
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  const kept = new WeakMap();
  const capture = (options) => (typeof options === 'boolean' ? options : Boolean(options?.capture));
  const same = (type, listener, options) => (l) => l.type === type && l.listener === listener && l.capture === capture(options);
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const list = kept.get(this) ?? [];
    if (listener && !list.some(same(type, listener, options))) list.push({ type, listener, capture: capture(options) });
    kept.set(this, list);
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const matches = same(type, listener, options);
    kept.set(this, (kept.get(this) ?? []).filter((l) => !matches(l)));
    return remove.call(this, type, listener, options);
  };
  window.__listenersOf = (target) => {
    if (!target) return [];
    const handlers = [];
    for (const name in target) if (name.startsWith('on') && typeof target[name] === 'function') handlers.push(name.slice(2));
    return [...(kept.get(target) ?? []).map((l) => l.type), ...handlers].sort();
  };
}

/** The event types listened to on the window, the document, the host and its shadow root. */
async function listeners(page, cdp) {
  if (!cdp) {
    return page.evaluate(() => ({
      window: window.__listenersOf(window),
      document: window.__listenersOf(document),
      host: window.__listenersOf(document.getElementById('host')),
      shadowRoot: window.__listenersOf(document.getElementById('host').shadowRoot),
    }));
  }
  const count = async (expression) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    if (!result.objectId) return []; // no shadow root yet
    const { listeners: found } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: 0 });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    return found.map((l) => l.type).sort();
  };
  const host = 'document.getElementById("host")';
  return { window: await count('window'), document: await count('document'), host: await count(host), shadowRoot: await count(`${host}.shadowRoot`) };
}

/**
 * Listeners on the window, the document, the host and its shadow root (where
 * the widget's own are), the BroadcastChannels
 * still open, and what is inside the host's shadow root.
 */
async function footprint(page, cdp) {
  return {
    ...(await listeners(page, cdp)),
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
  // Unanswered: these tests only refuse, and the footprint compared is the
  // widget's alone (Playwright's own actions add listeners to the window).
  await waitForForm(page, 20000, { age: null });
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('destroy() removes the form and every listener it added, BroadcastChannel included', async () => {
    const context = await newContext(suite.browser);
    try {
      await context.addInitScript(trackChannels);
      const page = await context.newPage();
      // Firefox: the page records its own listeners instead.
      const cdp = engineOf(page) === 'chromium' ? await context.newCDPSession(page) : null;
      if (!cdp) await context.addInitScript(trackListeners);
      await gotoOk(page, `${suite.server.url}test/mount.html?manual`);
      const before = await footprint(page, cdp);
      assert.equal(before.openChannels, 0);

      await mountOnHost(page);
      const mounted = await footprint(page, cdp);
      assert.ok(mounted.shadowChildren > 0);
      // Guards the comparison below: mounting does add listeners and a channel.
      assert.ok(mounted.openChannels > 0, 'the widget listens to no BroadcastChannel: the tracking is broken');
      // Guards the counting: the test page's own listeners on the host are seen.
      assert.deepEqual(before.host, ['limpide:error', 'limpide:receipt'], 'the host\'s own listeners were not counted');

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
    const { context, page } = await openForm(suite.browser, mountUrl(suite.server, '/notices/pass-region.json', 'fr'));
    try {
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
});
