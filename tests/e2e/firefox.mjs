// Firefox ESR for the engine-parameterised suites (engines.mjs): the part of
// Playwright's browser, context, page and locator API that the suites call,
// implemented over puppeteer-core's WebDriver BiDi. (Playwright's own
// Firefox needs its patched build; Debian's firefox-esr speaks BiDi.) The
// suites are written once, against that API, and run on both engines.
//
// What differs from Playwright, and why:
// - A locale or a colour scheme is a Firefox preference, for the whole
//   browser: a context asking for one gets a browser of its own, launched
//   once per combination (BiDi in ESR 140 cannot emulate either per page).
// - Downloads are real: Firefox saves them into a folder of the launch; the
//   'download' event is the next finished file there.
// - page.waitForFunction polls with evaluate(): puppeteer's own builds its
//   predicate with Function(), which the pages' strict CSP rightly blocks.
// - Selectors pierce open shadow roots at each descendant combinator, as
//   Playwright's CSS does; ":has-text()" and other Playwright-only syntax
//   is not supported (nothing here uses it).
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Why Firefox cannot run here, or null. */
export function firefoxMissing() {
  return existsSync(FIREFOX) ? null : `${FIREFOX} is not installed (apt-get install -y firefox-esr, or set FIREFOX)`;
}

const DEFAULT_TIMEOUT = 20000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Launches Firefox ESR behind a Playwright-like browser: `newContext()`,
 * `close()`. Every context is a fresh BiDi user context (its own storage).
 */
export async function launchFirefox() {
  const missing = firefoxMissing();
  if (missing) throw new Error(missing);
  return new FirefoxBrowser();
}

/** One Firefox process, with its HOME, profile and download folder. */
async function launchProcess({ locale, colorScheme }) {
  const { default: puppeteer } = await import('puppeteer-core');
  // Firefox as root wants a writable HOME; puppeteer makes (and removes) a fresh profile.
  const home = mkdtempSync(join(tmpdir(), 'limpide-firefox-home-'));
  const downloads = mkdtempSync(join(tmpdir(), 'limpide-firefox-downloads-'));
  // Where finished downloads are moved, each in a folder of its own.
  const kept = mkdtempSync(join(tmpdir(), 'limpide-firefox-kept-'));
  const prefs = {
    // No update, telemetry or other background request of the browser's own.
    'app.update.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // navigator.languages, as the Chromium contexts' locale gives it.
    'intl.accept_languages': locale === 'fr-FR' ? 'fr-FR, fr' : locale,
    // Downloads saved at once into the launch's folder, without a dialog.
    'browser.download.folderList': 2,
    'browser.download.dir': downloads,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    // A small quota (10 MiB per site) that a test can really fill: see fillQuota.
    'dom.quotaManager.temporaryStorage.fixedLimit': 51200,
    // 0 = dark, 1 = light.
    'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
  };
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, HOME: home, MOZ_CRASHREPORTER_DISABLE: '1' },
    extraPrefsFirefox: prefs,
  });
  return {
    browser,
    downloads: { folder: downloads, kept },
    async close() {
      await browser.close();
      for (const folder of [home, downloads, kept]) rmSync(folder, { recursive: true, force: true });
    },
  };
}

class FirefoxBrowser {
  #processes = new Map();

  /** Options: `locale` (default fr-FR), `colorScheme`, `viewport`; `acceptDownloads` is always on. */
  async newContext({ locale = 'fr-FR', colorScheme = 'light', viewport = null, acceptDownloads: _ = true, ...rest } = {}) {
    const unknown = Object.keys(rest);
    if (unknown.length) throw new Error(`the Firefox driver does not support the context option(s) ${unknown.join(', ')}`);
    const key = `${locale}/${colorScheme}`;
    if (!this.#processes.has(key)) this.#processes.set(key, launchProcess({ locale, colorScheme }));
    const process = await this.#processes.get(key);
    return new FirefoxContext(await process.browser.createBrowserContext(), process.downloads, viewport);
  }

  async close() {
    const processes = await Promise.allSettled(this.#processes.values());
    this.#processes.clear();
    await Promise.all(processes.filter((p) => p.status === 'fulfilled').map((p) => p.value.close()));
  }
}

class FirefoxContext extends EventEmitter {
  #context;
  #downloads;
  #viewport;
  #initScripts = [];
  #pages = [];

  constructor(context, downloads, viewport) {
    super();
    this.#context = context;
    this.#downloads = downloads;
    this.#viewport = viewport;
  }

  /** Runs `script(arg)` in every page of the context before its own scripts, from the next navigation. */
  async addInitScript(script, arg) {
    this.#initScripts.push([script, arg]);
    for (const page of this.#pages) await page.puppeteer.evaluateOnNewDocument(script, arg);
  }

  async newPage() {
    const inner = await this.#context.newPage();
    const page = new FirefoxPage(inner, this, this.#downloads);
    this.#pages.push(page);
    inner.on('request', (request) => this.emit('request', request));
    for (const [script, arg] of this.#initScripts) await inner.evaluateOnNewDocument(script, arg);
    if (this.#viewport) await page.setViewportSize(this.#viewport);
    this.emit('page', page);
    return page;
  }

  pages() {
    return [...this.#pages];
  }

  newCDPSession() {
    throw new Error('Firefox has no DevTools protocol: this check is Chromium-only');
  }

  async close() {
    await this.#context.close();
  }
}

/** A Playwright-like page over a puppeteer page. */
class FirefoxPage extends EventEmitter {
  engine = 'firefox';
  #context;
  #downloads;

  constructor(page, context, downloads) {
    super();
    this.puppeteer = page;
    this.#context = context;
    this.#downloads = downloads;
    // Playwright names the space bar "Space"; puppeteer by its key, " ".
    this.keyboard = { press: (key) => page.keyboard.press(key === 'Space' ? ' ' : key) };
    page.on('pageerror', (error) => this.emit('pageerror', error));
    page.on('response', (response) => this.emit('response', response));
    // Playwright calls a warning "warning"; puppeteer "warn".
    page.on('console', (message) =>
      this.emit('console', { type: () => (message.type() === 'warn' ? 'warning' : message.type()), text: () => message.text() }),
    );
  }

  context() {
    return this.#context;
  }

  /** Runs `script(arg)` before the page's own scripts, from the next navigation. */
  async addInitScript(script, arg) {
    await this.puppeteer.evaluateOnNewDocument(script, arg);
  }

  url() {
    return this.puppeteer.url();
  }

  goto(url) {
    return this.puppeteer.goto(url);
  }

  reload() {
    return this.puppeteer.reload();
  }

  close() {
    return this.puppeteer.close();
  }

  /** Playwright passes one argument; a string is evaluated as an expression. */
  evaluate(fn, arg) {
    return arg === undefined ? this.puppeteer.evaluate(fn) : this.puppeteer.evaluate(fn, arg);
  }

  /** Polls `fn(arg)` in the page until it is truthy; returns its value. */
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg ?? undefined);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`waitForFunction: ${timeout} ms passed (${String(fn).slice(0, 120)})`);
      await sleep(50);
    }
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  async setViewportSize({ width, height }) {
    // puppeteer also overrides the screen orientation, which ESR 140 does
    // not know: the viewport is set all the same, as checked here.
    await this.puppeteer.setViewport({ width, height }).catch((error) => {
      if (!/setScreenOrientationOverride/.test(error.message)) throw error;
    });
    // The command's answer may come after the orientation's refusal.
    const deadline = Date.now() + 5000;
    let actual;
    while ((actual = await this.puppeteer.evaluate(() => innerWidth)) !== width && Date.now() < deadline) await sleep(50);
    if (actual !== width) throw new Error(`Firefox kept a ${actual} px viewport instead of ${width} px`);
  }

  locator(selector) {
    return new FirefoxLocator(this, [{ selector }]);
  }

  /** Elements whose text holds `text` (whitespace collapsed; exact: the whole text, same case). */
  getByText(text, { exact = false } = {}) {
    return new FirefoxLocator(this, [{ text, exact }]);
  }

  /** Only 'download': the next file Firefox finishes saving, moved out of its folder. */
  async waitForEvent(event, { timeout = DEFAULT_TIMEOUT } = {}) {
    if (event !== 'download') throw new Error(`the Firefox driver cannot wait for '${event}'`);
    const { folder, kept } = this.#downloads;
    const before = new Set(readdirSync(folder));
    const deadline = Date.now() + timeout;
    for (;;) {
      const files = readdirSync(folder);
      const done = files.find((name) => !before.has(name) && !name.endsWith('.part') && !files.includes(`${name}.part`));
      if (done && statSync(join(folder, done)).size > 0) return keepDownload(folder, kept, done);
      if (Date.now() > deadline) throw new Error(`no download finished within ${timeout} ms`);
      await sleep(50);
    }
  }
}

/**
 * Moves a finished download out of Firefox's folder into a folder of its
 * own under `kept` (so that the next one of the same name keeps its name),
 * and describes it as Playwright does.
 */
function keepDownload(folder, kept, name) {
  const path = join(mkdtempSync(join(kept, 'download-')), name);
  renameSync(join(folder, name), path);
  return { suggestedFilename: () => name, path: async () => path };
}

/**
 * In the page: the elements a locator chain names. Each step is a CSS
 * selector whose descendant combinators pierce open shadow roots, and an
 * optional index (first(), nth()).
 */
function resolveChain(chain) {
  const splitDescendants = (selector) => {
    const parts = [];
    let current = '';
    let depth = 0;
    let quote = null;
    for (const ch of selector.trim()) {
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === '[' || ch === '(') {
        depth += 1;
      } else if (ch === ']' || ch === ')') {
        depth -= 1;
      } else if (/\s/.test(ch) && depth === 0) {
        parts.push(current);
        current = '';
        continue;
      }
      current += ch;
    }
    parts.push(current);
    // "a > b", "a + b", "a ~ b" stay within one tree: rejoin around combinators.
    const joined = [];
    for (const part of parts.filter((p) => p !== '')) {
      const last = joined.at(-1);
      if (last !== undefined && (/^[>+~]$/.test(part) || /[>+~]$/.test(last))) joined[joined.length - 1] = `${last} ${part}`;
      else joined.push(part);
    }
    return joined;
  };
  const within = (scope, selector) => {
    const found = [];
    const visit = (root) => {
      found.push(...root.querySelectorAll(selector));
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(scope);
    if (scope.shadowRoot) visit(scope.shadowRoot);
    return found;
  };
  const normal = (text) => text.replace(/\s+/g, ' ').trim();
  // Playwright's text match: the innermost elements whose text matches.
  const byText = (scope, { text, exact }) => {
    const wanted = exact ? normal(text) : normal(text).toLowerCase();
    const matches = (el) => {
      const own = normal(el.textContent ?? '');
      return exact ? own === wanted : own.toLowerCase().includes(wanted);
    };
    const candidates = within(scope, '*').filter((el) => !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName) && matches(el));
    return candidates.filter((el) => !candidates.some((other) => other !== el && el.contains(other)));
  };
  let scopes = [document];
  for (const { selector, text, exact, index } of chain) {
    if (text !== undefined) {
      scopes = scopes.flatMap((scope) => byText(scope, { text, exact }));
      if (index !== undefined) scopes = scopes.at(index) ? [scopes.at(index)] : [];
      continue;
    }
    for (const part of splitDescendants(selector)) {
      const next = [];
      for (const scope of scopes) for (const el of within(scope, part)) if (!next.includes(el)) next.push(el);
      scopes = next;
    }
    if (index !== undefined) scopes = scopes.at(index) ? [scopes.at(index)] : [];
  }
  return scopes;
}

/**
 * In the page: how many elements a chain names and, when one, whether it is
 * visible as Playwright means it (a box of some size, not visibility:
 * hidden) and enabled.
 */
function inspect(elements) {
  const [el] = elements;
  if (elements.length !== 1) return { count: elements.length, visible: false, enabled: false };
  const box = el.getBoundingClientRect();
  const visible = el.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
  return { count: 1, visible, enabled: !el.disabled };
}

/** A Playwright-like locator: lazy, strict for actions, waiting for its element. */
class FirefoxLocator {
  #page;
  #chain;

  constructor(page, chain) {
    this.#page = page;
    this.#chain = chain;
  }

  locator(selector) {
    return new FirefoxLocator(this.#page, [...this.#chain, { selector }]);
  }

  nth(index) {
    return new FirefoxLocator(this.#page, [...this.#chain.slice(0, -1), { ...this.#chain.at(-1), index }]);
  }

  first() {
    return this.nth(0);
  }

  last() {
    return this.nth(-1);
  }

  get #description() {
    return this.#chain
      .map(({ selector, text, index }) => `${selector ?? `text=${JSON.stringify(text)}`}${index === undefined ? '' : ` >> nth=${index}`}`)
      .join(' >> ');
  }

  /** Runs `fn(elements, arg)` in the page on what the chain names now. */
  async #onAll(fn, arg) {
    const elements = await this.#page.puppeteer.evaluateHandle(resolveChain, this.#chain);
    try {
      return await elements.evaluate(fn, arg);
    } finally {
      await elements.dispose();
    }
  }

  count() {
    return this.#onAll((els) => els.length);
  }

  async all() {
    const n = await this.count();
    return Array.from({ length: n }, (_, i) => this.nth(i));
  }

  evaluateAll(fn, arg) {
    return this.#onAll(fn, arg);
  }

  /**
   * Waits until the chain names exactly one element in `state` ("attached",
   * or "actionable": visible and enabled) and returns its handle; fails at
   * once if several match (Playwright's strict mode).
   */
  async #one(state = 'attached', timeout = DEFAULT_TIMEOUT) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const elements = await this.#page.puppeteer.evaluateHandle(resolveChain, this.#chain);
      try {
        const { count, visible, enabled } = await elements.evaluate(inspect);
        const ready = count === 1 && (state === 'attached' || (visible && enabled));
        if (count > 1) throw new Error(`strict mode: ${this.#description} matches ${count} elements`);
        if (ready) return (await elements.evaluateHandle((els) => els[0])).asElement();
        if (Date.now() > deadline) throw new Error(`${this.#description}: no ${state} element within ${timeout} ms (${count} found)`);
      } finally {
        await elements.dispose();
      }
      await sleep(50);
    }
  }

  /** Waits for the state: "visible" (default), "attached", "hidden" or "detached". */
  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const { count, visible } = await this.#onAll(inspect);
      if (count > 1 && (state === 'visible' || state === 'attached')) {
        throw new Error(`strict mode: ${this.#description} matches ${count} elements`);
      }
      const reached = { attached: count === 1, visible, detached: count === 0, hidden: count === 0 || !visible }[state];
      if (reached) return;
      if (Date.now() > deadline) throw new Error(`${this.#description}: not ${state} within ${timeout} ms (${count} found)`);
      await sleep(50);
    }
  }

  async click({ timeout } = {}) {
    const element = await this.#one('actionable', timeout);
    await element.click();
  }

  /** Ticks a checkbox by clicking it, then checks that it is ticked. */
  async check({ timeout } = {}) {
    const element = await this.#one('actionable', timeout);
    if (await element.evaluate((el) => el.checked)) return;
    await element.click();
    if (!(await element.evaluate((el) => el.checked))) throw new Error(`clicking ${this.#description} did not tick it`);
  }

  /** Unticks a checkbox by clicking it, then checks that it is unticked. */
  async uncheck({ timeout } = {}) {
    const element = await this.#one('actionable', timeout);
    if (!(await element.evaluate((el) => el.checked))) return;
    await element.click();
    if (await element.evaluate((el) => el.checked)) throw new Error(`clicking ${this.#description} did not untick it`);
  }

  /** Types `value` into a text field: focused, replaced, one `input` event, as typing ends. */
  async fill(value, { timeout } = {}) {
    const element = await this.#one('actionable', timeout);
    await element.focus();
    await element.evaluate((el, v) => {
      el.value = v;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }

  async inputValue() {
    return this.evaluate((el) => el.value);
  }

  /** Chooses the files of an `<input type="file">` (BiDi's input.setFiles). */
  async setInputFiles(paths, { timeout } = {}) {
    const element = await this.#one('actionable', timeout);
    await element.uploadFile(...[paths].flat());
  }

  /** Chooses an option of a `<select>` by its value, as a person does. */
  async selectOption(value, { timeout } = {}) {
    const element = await this.#one('actionable', timeout);
    await element.evaluate((el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);
  }

  /** The one element's handle, to pass to an evaluate(). */
  elementHandle({ timeout } = {}) {
    return this.#one('attached', timeout);
  }

  async focus() {
    await (await this.#one()).focus();
  }

  async evaluate(fn, arg) {
    return (await this.#one()).evaluate(fn, arg);
  }

  async isChecked() {
    return this.evaluate((el) => el.checked);
  }

  async getAttribute(name, { timeout } = {}) {
    return (await this.#one('attached', timeout)).evaluate((el, n) => el.getAttribute(n), name);
  }

  async innerText() {
    return this.evaluate((el) => el.innerText);
  }

  async textContent() {
    return this.evaluate((el) => el.textContent);
  }

  /** Does not wait, like Playwright's: false when absent. */
  async isVisible() {
    const { count, visible } = await this.#onAll(inspect);
    if (count > 1) throw new Error(`strict mode: ${this.#description} matches ${count} elements`);
    return visible;
  }
}
