// The main flows in WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver,
// webkit.mjs), the engine of every iPhone's browsers: a first receipt, a
// reload and a change; the pre-rendered form with a press before the wasm;
// storage refused; joint consent on two devices. Each page is a fresh
// MiniBrowser (ephemeral storage): two pages are two devices.
//
// The page is the demo's own, served by the test with the widget's event
// recorder loaded first (and, for storage refused, the denial of
// browser.mjs's denyStorage): classic WebDriver has no init scripts.
// Outside CI a machine without WebKit skips this file, saying so; in CI a
// missing engine is a failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { SEL, box, denyStorage, eventRecorder, liveRoot, mountUrl, readStoredReceipts } from './browser.mjs';
import { assertVerifies, assertVerifiesFile, decisions, decodePayload, receiptDigest, tempDir } from './receipt.mjs';
import { CSP, dist, requireDist, root, start, wasmGate } from './server.mjs';
import { launchWebKit, webkitMissing } from './webkit.mjs';

const HOST = '#limpide-demo';
const missing = webkitMissing();

/** The demo page with `scripts` (served by `handler`) loaded before its own. */
function demoWith(scripts) {
  const page = readFileSync(join(dist, 'index.html'), 'utf8');
  const tags = scripts.map((name) => `<script src="/test/webkit-${name}.js"></script>`).join('');
  return page.replace('<head>', `<head>${tags}`);
}

const SCRIPTS = {
  record: `(${eventRecorder})();`,
  'deny-storage': `(${denyStorage})();`,
};

const gate = wasmGate();

async function handler(req, res) {
  const { pathname, searchParams } = new URL(req.url, 'http://x');
  const script = pathname.match(/^\/test\/webkit-([a-z-]+)\.js$/)?.[1];
  if (script && SCRIPTS[script]) {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(SCRIPTS[script]);
    return true;
  }
  if (pathname === '/webkit-demo.html') {
    const scripts = searchParams.has('deny-storage') ? ['deny-storage', 'record'] : ['record'];
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CSP,
    });
    res.end(demoWith(scripts));
    return true;
  }
  return gate.handler(req);
}

describe('webkit', { skip: missing && !process.env.CI ? `${missing}: skipped` : false }, () => {
  const suite = {};
  before(async () => {
    requireDist();
    suite.server = await start({ handler });
    suite.webkit = await launchWebKit();
    suite.temp = tempDir();
  });
  after(async () => {
    gate.open();
    await suite.webkit?.close();
    await suite.server?.close();
    suite.temp?.cleanup();
  });

  /** A fresh MiniBrowser on the demo page (`query` added to its URL; `options` of newPage). */
  async function openDemo(query = '', options = {}) {
    const page = await suite.webkit.newPage(options);
    await page.goto(`${suite.server.url}webkit-demo.html${query}`);
    return page;
  }

  /** Waits until something in `host`'s shadow root (the demo's) matches `selector`. */
  function shows(page, what, selector, host = HOST) {
    return page.waitFor(what, (h, sel) => !!document.querySelector(h)?.shadowRoot?.querySelector(sel), [host, selector]);
  }

  /** The live form, its age question answered (`age`, "15 or older" unless given) when unanswered. */
  async function liveForm(page, { host = HOST, age = 'at-or-over' } = {}) {
    await shows(page, 'the live form', liveRoot('form'), host);
    const answered = await page.evaluate((h) => !!document.querySelector(h).shadowRoot.querySelector('input[data-age]:checked'), host);
    if (!answered) await page.click(host, `input[data-age="${age}"]`);
  }

  /** The value of the field matching `selector` in `host`'s shadow root. */
  function valueOf(page, host, selector) {
    return page.evaluate((h, sel) => document.querySelector(h).shadowRoot.querySelector(sel)?.value ?? null, host, selector);
  }

  /** Presses `selector` and returns the receipt of the `count`-th limpide:receipt event. */
  async function signWith(page, selector, count = 1) {
    await page.click(HOST, selector);
    const events = await page.waitFor(
      `limpide:receipt number ${count}`,
      (n) => {
        const receipts = (window.__events ?? []).filter((e) => e.type === 'limpide:receipt');
        return receipts.length >= n && receipts;
      },
      [count],
    );
    await shows(page, 'the summary', liveRoot('summary'));
    return events.at(-1).detail.receipt;
  }

  /** The receipt's granted decisions, as "purpose:channel" (receipt.mjs's decisions). */
  function granted(receipt) {
    return Object.entries(decisions(decodePayload(receipt).payload))
      .filter(([, status]) => status === 'granted')
      .map(([key]) => key)
      .sort();
  }

  /** The boxes ticked in the demo's form, as "purpose:channel". */
  function ticked(page) {
    return page.evaluate(
      (host, sel) =>
        [...document.querySelector(host).shadowRoot.querySelectorAll(`${sel}:checked`)].map((el) => `${el.dataset.purpose}:${el.dataset.channel}`).sort(),
      HOST,
      SEL.box,
    );
  }

  test('a pupil signs a first receipt, reloads, and changes a choice: both kept, chained, and verified natively', async () => {
    const page = await openDemo();
    try {
      await liveForm(page);
      await page.click(HOST, box('bons-plans', 'sms'));
      await page.click(HOST, box('enquetes', 'email'));
      const first = await signWith(page, SEL.submit);
      assert.deepEqual(granted(first), ['bons-plans:sms', 'enquetes:email']);
      const { payload } = decodePayload(first);
      // WebKit keeps the non-extractable key in IndexedDB, as the other engines do.
      assert.equal(payload.collection.key_storage, 'webcrypto-indexeddb');
      assertVerifies(first, suite.temp.dir, 'webkit-first.json');
      await shows(page, 'the saved status', SEL.storageSaved);
      assert.deepEqual(await page.evaluate(readStoredReceipts, 'pass-region'), [first]);

      await page.reload();
      await liveForm(page);
      assert.deepEqual(await ticked(page), ['bons-plans:sms', 'enquetes:email'], 'after a reload the form shows the latest choices');

      await page.click(HOST, box('enquetes', 'email'));
      const second = await signWith(page, SEL.submit);
      assert.deepEqual(granted(second), ['bons-plans:sms']);
      assert.deepEqual(decodePayload(second).payload.previous, { receipt_id: payload.receipt_id, digest: receiptDigest(first) });
      assert.equal(
        JSON.parse(Buffer.from(second.signatures[0].protected, 'base64url')).kid,
        JSON.parse(Buffer.from(first.signatures[0].protected, 'base64url')).kid,
        'the change is not signed with the key kept from the first receipt',
      );
      assertVerifies(second, suite.temp.dir, 'webkit-second.json');
      assert.deepEqual(await page.evaluate(readStoredReceipts, 'pass-region'), [first, second]);
    } finally {
      await page.close();
    }
  });

  test('the pre-rendered form shows before the wasm, unticked; a press before it waits visibly and is then honoured', async () => {
    gate.close();
    const page = await openDemo('', { pageLoadStrategy: 'none' });
    try {
      await shows(page, 'the pre-rendered form', `${SEL.form} ${SEL.box}`);
      const early = await page.evaluate(
        (host, sel) => {
          const root = document.querySelector(host).shadowRoot;
          return { live: !!root.querySelector('[data-limpide-live]'), boxes: root.querySelectorAll(sel).length, ticked: root.querySelectorAll(`${sel}:checked`).length };
        },
        HOST,
        SEL.box,
      );
      assert.deepEqual(early, { live: false, boxes: 10, ticked: 0 });
      await page.click(HOST, 'input[data-age="at-or-over"]');
      await page.click(HOST, box('bons-plans', 'sms'));
      await page.click(HOST, SEL.submit);
      await page.waitFor('the waiting note', (host) => document.querySelector(host).shadowRoot.querySelector('.limpide-waiting')?.checkVisibility(), [HOST]);
      assert.equal(await page.evaluate(() => window.__events.length), 0, 'a receipt before the wasm arrived');
      gate.open();
      const receipt = await page.waitFor('the early press honoured', () => window.__events.find((e) => e.type === 'limpide:receipt')?.detail.receipt);
      assert.deepEqual(granted(receipt), ['bons-plans:sms']);
      assertVerifies(receipt, suite.temp.dir, 'webkit-early.json');
    } finally {
      gate.open();
      await page.close();
    }
  });

  test('with storage refused the pupil still signs, is told it was not saved, and the receipt verifies', async () => {
    const page = await openDemo('?deny-storage');
    try {
      await liveForm(page);
      await page.click(HOST, box('bons-plans', 'sms'));
      const receipt = await signWith(page, SEL.submit);
      await shows(page, 'the unsaved status', SEL.storageFailed);
      assert.equal(await page.evaluate((host, sel) => !!document.querySelector(host).shadowRoot.querySelector(sel), HOST, SEL.download), true, 'no download offered');
      // The key lived for the page only, and the receipt says so.
      assert.equal(decodePayload(receipt).payload.collection.key_storage, 'webcrypto-session');
      assertVerifies(receipt, suite.temp.dir, 'webkit-unsaved.json');
    } finally {
      await page.close();
    }
  });

  test('joint consent on two devices: the request goes by link to the guardian, the answer comes back by link, and both sign', async () => {
    const college = join(root, 'www', 'notices', 'pass-college.json');
    const host = '#host';
    const pupil = await suite.webkit.newPage();
    // The guardian's phone: a driver of its own (one session per driver).
    const guardianDevice = await launchWebKit();
    const guardian = await guardianDevice.newPage();
    try {
      await pupil.goto(mountUrl(suite.server, '/notices/pass-college.json', 'fr'));
      await liveForm(pupil, { host, age: 'under' });
      await pupil.click(host, box('bons-plans', 'sms'));
      await pupil.click(host, box('enquetes', 'email'));
      await pupil.click(host, SEL.submit);
      await shows(pupil, 'the waiting screen', liveRoot('pending'), host);
      const requestLink = await valueOf(pupil, host, 'input[data-guardian-link]');
      assert.match(requestLink, /#limpide-guardian=[A-Za-z0-9_-]+$/, 'the request travels in the fragment only');

      await guardian.goto(requestLink);
      await shows(guardian, "the guardian's review", liveRoot('guardian'), host);
      await guardian.click(host, 'input[data-guardian-statement]');
      await guardian.fill(host, 'input[data-guardian-name]', 'M. D.');
      await guardian.click(host, `[data-guardian] ${box('enquetes', 'email')}`);
      await guardian.click(host, 'button[data-action="guardian-confirm"]');
      await shows(guardian, 'the answer to send back', liveRoot('answered'), host);
      const answerLink = await valueOf(guardian, host, 'input[data-answer-link]');
      assert.match(answerLink, /#limpide-answer=[A-Za-z0-9_-]+$/);
      assert.equal(await guardian.evaluate(readStoredReceipts, 'pass-college'), null, "the guardian's device keeps nothing");

      // The link opens in the pupil's browser, in a new tab.
      await pupil.newTab();
      await pupil.goto(answerLink);
      await shows(pupil, 'the summary', liveRoot('summary'), host);
      const stored = await pupil.evaluate(readStoredReceipts, 'pass-college');
      assert.equal(stored?.length, 1, 'one receipt kept');
      const roles = stored[0].signatures.map((s) => JSON.parse(Buffer.from(s.protected, 'base64url')).role).sort();
      assert.deepEqual(roles, ['guardian', 'subject'], 'signed by the guardian and the pupil');
      assert.deepEqual(decodePayload(stored[0]).payload.guardian, { holds_parental_authority: true, name: 'M. D.' });
      assert.deepEqual(granted(stored[0]), ['enquetes:email'], 'what both said yes to');
      const file = join(suite.temp.dir, 'webkit-joint.json');
      writeFileSync(file, JSON.stringify(stored[0]));
      assertVerifiesFile(file, college);
    } finally {
      await guardianDevice.close();
      await pupil.close();
    }
  });
});
