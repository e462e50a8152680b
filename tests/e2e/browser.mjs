// Browser helpers for the end-to-end tests: headless Chromium through
// playwright-core (the system /usr/bin/chromium; CHROMIUM overrides it).
import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Selectors of the widget's contract (Playwright CSS pierces open shadow roots). */
export const SEL = {
  root: 'section.limpide',
  form: 'section.limpide[data-state="form"]',
  summary: 'section.limpide[data-state="summary"]',
  error: 'section.limpide[data-state="error"]',
  box: 'input[type="checkbox"][data-purpose]',
  submit: 'button[data-action="submit"]',
  refuseAll: 'button[data-action="refuse-all"]',
  acceptAll: 'button[data-action="accept-all"]',
  download: 'button[data-action="download"]',
  print: 'button[data-action="print"]',
  change: 'button[data-action="change"]',
  granted: '[data-summary] [data-granted] li',
  refused: '[data-summary] [data-refused] li',
  history: '[data-history] li',
  storageSaved: '[data-storage="saved"]',
  storageFailed: '[data-storage="failed"]',
};

/** The checkbox for a purpose (and channel, if any). */
export function box(purpose, channel) {
  return channel
    ? `input[type="checkbox"][data-purpose="${purpose}"][data-channel="${channel}"]`
    : `input[type="checkbox"][data-purpose="${purpose}"]:not([data-channel])`;
}

/** The state of every checkbox: {"purpose:channel": checked} (receipt.mjs's expectedStates). */
export async function boxStates(page) {
  const list = await page.locator(SEL.box).evaluateAll((els) =>
    els.map((el) => [el.dataset.channel ? `${el.dataset.purpose}:${el.dataset.channel}` : el.dataset.purpose, el.checked]),
  );
  return Object.fromEntries(list);
}

/**
 * Launches headless Chromium. playwright-core gives it a fresh temporary
 * user-data-dir of its own and removes it on close(); every context is a
 * fresh profile (empty localStorage and IndexedDB).
 */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A fresh context (profile) that accepts downloads and records every
 * request its pages make, and the page errors and console errors (shown
 * when a wait fails). `ctx.requests` lists request URLs in order.
 * The browser's language is French (navigator.languages = ["fr-FR", "fr"]),
 * like the demo's audience: the widget picks the notice language from it
 * when the embedder gives none.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'fr-FR', ...options });
  context.requests = [];
  context.problems = [];
  context.on('request', (request) => context.requests.push(request.url()));
  context.on('page', watch);
  // The strict CSP blocks a request to another origin before it is made (so
  // page.on('request') never sees it): record the violations instead.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    window.addEventListener(
      'securitypolicyviolation',
      (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} (${e.sourceFile}:${e.lineNumber})`),
      true,
    );
  });
  return context;
}

/**
 * Asserts that no page of the context requested another origin and that
 * none broke the Content-Security-Policy (an inline script or style, eval
 * without 'wasm-unsafe-eval', a blocked request to another origin).
 */
export async function assertNoLeaks(context, origin) {
  assert.deepEqual(foreignRequests(context, origin), [], 'a request left the page\'s origin');
  for (const page of context.pages()) {
    const violations = await page.evaluate(() => window.__cspViolations ?? []);
    assert.deepEqual(violations, [], `Content-Security-Policy violations on ${page.url()}`);
  }
}

function watch(page) {
  const problems = page.context().problems;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
}

/** The page errors and console errors seen so far in this page's context, readable. */
export function problemsOf(page) {
  const problems = page.context().problems ?? [];
  return problems.length ? `\n  ${problems.join('\n  ')}` : ' (none)';
}

/**
 * Records the widget's events on `document` (they bubble and are composed)
 * into window.__events as {type, detail}, from before any page script runs.
 * For pages such as the demo whose script cannot be changed.
 */
export async function recordEvents(context) {
  await context.addInitScript(eventRecorder);
}

/**
 * In the page, before its scripts: the recorder of recordEvents (the WebKit
 * tests, which have no init scripts, serve it as a script of the page).
 */
export function eventRecorder() {
  window.__events = [];
  window.__eventsRecorded = true;
  for (const type of ['limpide:receipt', 'limpide:error']) {
    document.addEventListener(type, (event) => {
      let detail;
      try {
        detail = JSON.parse(JSON.stringify(event.detail));
      } catch {
        detail = String(event.detail);
      }
      window.__events.push({ type, detail });
    });
  }
}

/** The recorded events of a type (all when omitted). */
export async function events(page, type) {
  const all = await page.evaluate(() => window.__events ?? null);
  assertEventsRecorded(all);
  return type ? all.filter((e) => e.type === type) : all;
}

function assertEventsRecorded(all) {
  if (!Array.isArray(all)) throw new Error('window.__events is missing: events were not recorded on this page');
}

/** Waits until `count` events of `type` were recorded; returns them. */
export async function waitForEvents(page, type, count = 1, timeout = 15000) {
  try {
    await page.waitForFunction(
      ([t, n]) => Array.isArray(window.__events) && window.__events.filter((e) => e.type === t).length >= n,
      [type, count],
      { timeout },
    );
  } catch (error) {
    const seen = await page.evaluate(() => window.__events).catch(() => undefined);
    throw new Error(
      `expected ${count} ${type} event(s) within ${timeout} ms; recorded: ${JSON.stringify(seen)?.slice(0, 800)}` +
        `\nproblems:${problemsOf(page)}`,
      { cause: error },
    );
  }
  return events(page, type);
}

/**
 * Clicks a button that signs (`selector`) on a page that has seen `before`
 * receipts, waits for the summary, and returns the new receipt from the
 * limpide:receipt event.
 */
export async function signWith(page, selector, before = 0) {
  await page.locator(selector).click();
  const receipts = await waitForEvents(page, 'limpide:receipt', before + 1);
  await waitForState(page, 'summary');
  return receipts.at(-1).detail.receipt;
}

/**
 * A widget root in a state, once the widget runs it: a pre-rendered form
 * (`limpide render`) counts only when the widget has taken it over.
 */
export function liveRoot(state) {
  return `:is(:not([data-limpide-digest]), [data-limpide-live]) > section.limpide[data-state="${state}"]`;
}

/**
 * Waits for the widget's root to reach a state ("form", "summary", "error").
 * A form then has its age question answered (see waitForForm), unless
 * `age` is null.
 */
export async function waitForState(page, state, timeout = 20000, { age = 'at-or-over' } = {}) {
  try {
    await page.locator(liveRoot(state)).first().waitFor({ state: 'attached', timeout });
  } catch (error) {
    const actual = await page
      .locator(SEL.root)
      .first()
      .getAttribute('data-state', { timeout: 100 })
      .catch(() => 'no section.limpide in the page');
    throw new Error(
      `the widget did not reach data-state="${state}" within ${timeout} ms (now: ${actual})` +
        `\nproblems:${problemsOf(page)}`,
      { cause: error },
    );
  }
  if (state === 'form' && age) await answerAge(page, age);
}

/**
 * Waits for the consent form with its first checkbox visible, and answers
 * its age question "at or over the age" (`age`: "under" or "at-or-over";
 * null leaves it unanswered), as a pupil of the lycée mostly would: the
 * form asks it before any grant.
 */
export async function waitForForm(page, timeout = 20000, { age = 'at-or-over' } = {}) {
  await waitForState(page, 'form', timeout, { age: null });
  try {
    await page.locator(`${SEL.form} ${SEL.box}`).first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new Error(`the form has no visible checkbox within ${timeout} ms\nproblems:${problemsOf(page)}`, { cause: error });
  }
  if (age) await answerAge(page, age);
}

/** Answers the age question of every form on the page shown by the widget. */
export async function answerAge(page, age) {
  const radios = page.locator(`${liveRoot('form')} input[type="radio"][data-age="${age}"]`);
  for (const radio of await radios.all()) {
    if (await radio.isChecked()) continue;
    // A click from the page, not Playwright's check(): that would add its own
    // listeners to the window (which destroy.test.mjs counts) and move the
    // focus (which the keyboard tests start from).
    await radio.evaluate((el) => el.click());
    if (!(await radio.isChecked())) throw new Error(`the age answer "${age}" did not take`);
  }
}

/**
 * page.goto that fails at once, readably, when the page itself is not served
 * (e.g. dist/ is being rebuilt: `cargo xtask build` clears it first).
 */
export async function gotoOk(page, url) {
  const response = await page.goto(url);
  assert.ok(
    response?.ok(),
    `GET ${url} answered ${response?.status()}: is dist/ built (and not being rebuilt by \`cargo xtask build\` right now)?`,
  );
  return response;
}

/**
 * Opens `url` in a new page of `context` and waits for its form (waitForForm:
 * a box visible, the age question answered with `age`, "at-or-over" unless
 * given; null leaves it unanswered). Returns the page.
 */
export async function openTab(context, url, { age } = {}) {
  const page = await context.newPage();
  await gotoOk(page, url);
  await waitForForm(page, undefined, { age });
  return page;
}

/**
 * A fresh profile with `url` open (gotoOk). Before the page opens, the
 * widget's events are recorded if `events` (recordEvents), then the init
 * scripts of `init` are added, in order. `context`: options of newContext
 * (viewport, locale…). Returns {context, page}; when the page cannot be
 * opened, the context is closed before the error is thrown.
 */
export async function openPage(browser, url, { events = false, init = [], context: options = {} } = {}) {
  const context = await newContext(browser, options);
  try {
    if (events) await recordEvents(context);
    for (const script of init) await context.addInitScript(script);
    const page = await context.newPage();
    await gotoOk(page, url);
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * openPage, then its form shown (waitForForm, the age question answered
 * with `age` as in openTab). When the form does not show, the context is
 * closed before the error is thrown.
 */
export async function openForm(browser, url, { age, ...options } = {}) {
  const { context, page } = await openPage(browser, url, options);
  try {
    await waitForForm(page, undefined, { age });
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Waits until one of the families' pages (verify, My consents, the
 * printable receipt) says it is ready: `body[data-ready]`, set once it has
 * read what it shows.
 */
export async function waitForReady(page, timeout = 15000) {
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout });
}

/** URL of the test page mounting the widget with a notice URL (and language). */
export function mountUrl(server, notice, lang) {
  const query = new URLSearchParams({ notice });
  if (lang) query.set('lang', lang);
  return `${server.url}test/mount.html?${query}`;
}

/** The requests of a context that went anywhere but `origin` (data:, blob: and about: allowed). */
export function foreignRequests(context, origin) {
  return context.requests.filter((url) => {
    if (/^(data|blob|about):/.test(url)) return false;
    try {
      return new URL(url).origin !== origin;
    } catch {
      return true;
    }
  });
}

/**
 * The receipts the widget keeps for a notice (IndexedDB database `limpide`,
 * store `receipts`, key = notice id, value = JSON text), parsed; null when
 * absent. Works with a Playwright or a Puppeteer page.
 */
export async function storedReceipts(page, noticeId = 'pass-region') {
  return page.evaluate(readStoredReceipts, noticeId);
}

/** In the page: reads the widget's receipts store without creating anything. */
export function readStoredReceipts(noticeId) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('limpide');
    // The database does not exist yet: nothing stored. Abort so that this
    // read does not create it.
    open.onupgradeneeded = () => open.transaction.abort();
    open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('receipts')) {
        db.close();
        resolve(null);
        return;
      }
      const request = db.transaction('receipts').objectStore('receipts').get(noticeId);
      request.onsuccess = () => {
        db.close();
        resolve(request.result === undefined ? null : JSON.parse(request.result));
      };
      request.onerror = () => {
        db.close();
        reject(request.error);
      };
    };
  });
}

/** An init script: every storage the widget could use throws, as when site data is blocked. */
export function denyStorage() {
  const deny = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  for (const name of ['localStorage', 'indexedDB']) {
    Object.defineProperty(window, name, { get: deny, configurable: true });
  }
}

/** The engine a page (Playwright's or the Firefox adapter's, firefox.mjs) belongs to. */
export function engineOf(page) {
  return page.engine ?? 'chromium';
}

/**
 * Makes the origin's storage really full, so that the next write is
 * refused as the browser refuses it: the transaction aborts with a
 * `QuotaExceededError` once it tries to commit. Returns `free()`.
 * - Chromium: the origin's quota is set to what it already uses (CDP
 *   `Storage.overrideQuotaForOrigin`); `free()` lifts the override.
 * - Firefox (no such command): the origin is filled, in a database of its
 *   own, up to the small quota firefox.mjs gives every site; `free()`
 *   deletes that database.
 */
export async function fillQuota(page, origin) {
  if (engineOf(page) === 'firefox') {
    await page.evaluate(fillOrigin);
    return () =>
      page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const deletion = indexedDB.deleteDatabase('limpide-filler');
            deletion.onsuccess = () => resolve();
            deletion.onerror = () => reject(deletion.error);
          }),
      );
  }
  const cdp = await page.context().newCDPSession(page);
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  // 0 would mean "no override".
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: Math.max(1, usage) });
  return async () => {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  };
}

/**
 * In the page: writes random bytes (which no engine compresses) into the
 * database `limpide-filler` until the browser refuses, in smaller and
 * smaller pieces, until not even 64 bytes more fit. A refusal closes the
 * connection (Firefox), so the next write opens another.
 */
export async function fillOrigin() {
  const open = () =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open('limpide-filler', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('filler');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const random = (size) => {
    const bytes = new Uint8Array(size);
    // getRandomValues fills at most 64 KiB at a time.
    for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
    return bytes;
  };
  const write = (db, key, size) =>
    new Promise((resolve, reject) => {
      const transaction = db.transaction('filler', 'readwrite');
      transaction.objectStore('filler').put(random(size), key);
      transaction.oncomplete = () => resolve(true);
      transaction.onabort = () => (transaction.error?.name === 'QuotaExceededError' ? resolve(false) : reject(transaction.error));
    });
  let key = 0;
  for (let size = 1 << 20; size >= 64; size /= 4) {
    const db = await open();
    while (await write(db, key, size)) key += 1;
    db.close();
  }
  if (key === 0) throw new Error('the origin refused the first write: it was full already');
}

/**
 * In the page: makes the widget's database unusable the way another script
 * of the same origin could, by creating `limpide` at the widget's version
 * without its object stores. Every transaction on them then fails with a
 * `NotFoundError`, neither "blocked" nor "full".
 */
export async function clashDatabase() {
  // The widget has made its database already (mounting reads it); it
  // closes every connection after use, so the deletion goes through. It
  // may be "blocked" for a moment if the widget is between opening and
  // closing (Firefox reports that; the deletion then waits, and succeeds
  // once the connection closes): only a connection kept open fails this.
  await new Promise((resolve, reject) => {
    const deletion = indexedDB.deleteDatabase('limpide');
    let stuck;
    deletion.onsuccess = () => {
      clearTimeout(stuck);
      resolve();
    };
    deletion.onerror = () => reject(deletion.error);
    deletion.onblocked = () => {
      stuck = setTimeout(() => reject(new Error('the widget kept its database open for 5 s')), 5000);
    };
  });
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('limpide', 2);
    open.onupgradeneeded = () => open.result.createObjectStore('unrelated');
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error);
  });
}

/**
 * Waits (in the test, not the page) until `condition()` holds, polling;
 * fails after `timeout` ms with `describe()`. For what no page event
 * announces, such as a console error.
 */
export async function waitUntil(condition, timeout, describe) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * An init script: lets a test hold a Web Lock the widget takes, from the
 * moment the widget acquires it until the test releases it, so that a race
 * is forced rather than hoped for. A hold is armed by `holdNextLock`.
 */
export function holdableLocks() {
  const request = LockManager.prototype.request;
  window.__holds = [];
  LockManager.prototype.request = function (name, ...rest) {
    const callback = rest.pop();
    const hold = window.__holds.find((h) => h.name === name && !h.taken);
    if (!hold) return request.call(this, name, ...rest, callback);
    hold.taken = true;
    return request.call(this, name, ...rest, async (lock) => {
      hold.acquired = true;
      await hold.released;
      return callback(lock);
    });
  };
}

/**
 * Arms a hold on the next request for the lock `name` in `page` (whose
 * context runs `holdableLocks`). Returns `acquired()` (waits until the
 * widget holds it, before its work inside), `waitedFor()` (waits until
 * another request for it, from any page of the origin, is queued behind)
 * and `release()`.
 */
export async function holdNextLock(page, name) {
  await page.evaluate((lock) => {
    let release;
    const released = new Promise((resolve) => (release = resolve));
    window.__holds.push({ name: lock, released, release, taken: false, acquired: false });
  }, name);
  // Functions, not strings: the page's CSP forbids evaluating strings.
  return {
    acquired: () => page.waitForFunction((lock) => window.__holds.findLast((h) => h.name === lock)?.acquired === true, name),
    waitedFor: () =>
      page.waitForFunction(async (lock) => (await navigator.locks.query()).pending.some((l) => l.name === lock), name),
    release: () => page.evaluate((lock) => window.__holds.findLast((h) => h.name === lock).release(), name),
  };
}

/**
 * An init script: records every `fetch` the page makes (`__fetches`, the
 * URLs) and how many are in flight (`__inflight`), so that a test can wait
 * until the page's requests have settled instead of sleeping.
 */
export function countFetches() {
  const native = window.fetch;
  window.__fetches = [];
  window.__inflight = 0;
  window.fetch = function (input, ...rest) {
    window.__fetches.push(String(input?.url ?? input));
    window.__inflight += 1;
    return native.call(this, input, ...rest).finally(() => {
      window.__inflight -= 1;
    });
  };
}

/** The document is no wider than the viewport: nothing to scroll sideways (WCAG 1.4.10). */
export async function assertNoSidewaysScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${what} scrolls sideways: ${scroll}px of content in ${client}px`);
}
