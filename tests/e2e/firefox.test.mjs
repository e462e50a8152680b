// The main flow in Firefox ESR, driven by puppeteer-core over WebDriver BiDi:
// open the demo, tick a box, sign, see the summary, get the receipt event
// and the stored receipt, and verify the receipt natively.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireDist, start } from './server.mjs';
import { readStoredReceipts } from './browser.mjs';
import { assertDecisions, assertVerifies, decodePayload, expectedBoxes, key, tempDir } from './receipt.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
// Outside CI a machine without Firefox skips these tests, saying so; in CI
// a missing engine is a failure (`cargo xtask test` installs it).
const absent = !existsSync(FIREFOX) && `${FIREFOX} is not installed (apt-get install -y firefox-esr, or set FIREFOX)`;
const missing = absent && !process.env.CI && `${absent}: skipped`;
if (absent && process.env.CI) {
  test('Firefox ESR is installed (CI runs every engine)', () => assert.fail(absent));
}

const HOST = '#limpide-demo';
const deep = (selector) => `${HOST} >>> ${selector}`;

let server;
let browser;
let home;
let temp;

before(async () => {
  if (missing) return;
  requireDist();
  const { default: puppeteer } = await import('puppeteer-core');
  server = await start();
  temp = tempDir();
  // Firefox as root wants a writable HOME; puppeteer makes (and removes) a fresh profile.
  home = mkdtempSync(join(tmpdir(), 'limpide-firefox-home-'));
  browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, HOME: home, MOZ_CRASHREPORTER_DISABLE: '1' },
    extraPrefsFirefox: {
      // No update, telemetry or other background request of the browser's own.
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

/**
 * Polls `fn` in the page until it returns a truthy value. (puppeteer's
 * waitForFunction builds its predicate with Function(), which the page's
 * CSP rightly blocks in Firefox; evaluate() is not subject to it.)
 */
async function poll(page, fn, args = [], timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, ...args);
    if (value) return value;
    if (Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the widget's root is in a state; fails with the state it is in. */
async function waitForState(page, state, timeout = 20000) {
  const now = () =>
    page.evaluate((host) => document.querySelector(host)?.shadowRoot?.querySelector('section.limpide')?.dataset.state ?? 'no widget', HOST);
  const reached = await poll(
    page,
    (host, s) => document.querySelector(host)?.shadowRoot?.querySelector(`section.limpide[data-state="${s}"]`) != null,
    [HOST, state],
    timeout,
  );
  if (!reached) throw new Error(`Firefox: the widget did not reach data-state="${state}" within ${timeout} ms (now: ${await now()})`);
}

test('Firefox: tick a box, sign, summary, event, stored, verified natively', { skip: missing }, async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(error.message));
  try {
    await page.evaluateOnNewDocument(() => {
      window.__events = [];
      window.__cspViolations = [];
      for (const type of ['limpide:receipt', 'limpide:error']) {
        document.addEventListener(type, (event) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(event.detail)) }));
      }
      window.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`), true);
    });
    const response = await page.goto(server.url);
    assert.ok(response?.ok(), `GET ${server.url} answered ${response?.status()}: is dist/ built?`);
    await waitForState(page, 'form');

    // Every box is there and unticked.
    const boxes = await page.$$eval(deep('input[type="checkbox"][data-purpose]'), (els) =>
      els.map((el) => [el.dataset.channel ? `${el.dataset.purpose}:${el.dataset.channel}` : el.dataset.purpose, el.checked]),
    );
    assert.deepEqual(boxes.map(([k]) => k).sort(), expectedBoxes().sort());
    assert.ok(boxes.every(([, checked]) => !checked), 'a box is ticked on first open');

    // Tick one with a real click on its label, and sign.
    const sms = await page.$(deep('input[type="checkbox"][data-purpose="bons-plans"][data-channel="sms"]'));
    const id = await sms.evaluate((el) => el.id);
    await (await page.$(deep(`label[for="${id}"]`))).click();
    assert.equal(await sms.evaluate((el) => el.checked), true, 'clicking the label did not tick the box');
    await (await page.$(deep('button[data-action="submit"]'))).click();
    await waitForState(page, 'summary');
    assert.ok(
      await poll(page, () => window.__events.some((e) => e.type === 'limpide:receipt'), [], 15000),
      'no limpide:receipt event',
    );

    const granted = await page.$$(deep('[data-summary] [data-granted] li'));
    assert.equal(granted.length, 1, 'the summary lists one granted choice');
    const events = await page.evaluate(() => window.__events);
    assert.deepEqual(events.filter((e) => e.type === 'limpide:error'), [], 'limpide:error fired');
    const { receipt } = events.find((e) => e.type === 'limpide:receipt').detail;
    const stored = await page.evaluate(readStoredReceipts, 'pass-region');
    assert.deepEqual(stored, [receipt], 'the stored receipt is not the event\'s');
    assert.notEqual(await page.$(deep('[data-storage="saved"]')), null, 'no [data-storage="saved"] status');

    const { payload } = decodePayload(receipt);
    assertDecisions(payload, [key('bons-plans', 'sms')]);
    assert.equal(payload.collection.key_storage, 'webcrypto-indexeddb', 'Firefox could not keep the key in IndexedDB');
    assertVerifies(receipt, temp.dir, 'firefox.json');

    // Nothing left the origin, nothing broke the CSP, no uncaught error.
    const foreign = requests.filter((u) => !/^(data|blob|about):/.test(u) && new URL(u).origin !== server.origin);
    assert.deepEqual(foreign, [], 'a request left the origin');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'Content-Security-Policy violations');
    assert.deepEqual(problems, [], 'uncaught errors in the page');
  } finally {
    await context.close();
  }
});
