// WebKit, the engine of every iPhone's browsers, for the main flows
// (webkit.test.mjs): WebKitGTK's MiniBrowser driven by its WebDriver
// (`WebKitWebDriver`, Debian's webkit2gtk-driver) under xvfb-run.
//
// WebKitWebDriver speaks classic WebDriver only (no BiDi): no init scripts,
// no request interception, no console events. So the WebKit tests are
// written for this small driver rather than through the Playwright-like API
// of the other suites: what a page must record (the widget's events), the
// test server's own copy of the demo page loads first; what a request must
// wait for (the wasm), the test server holds.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { freePort } from './service.mjs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? findMiniBrowser();
const XVFB_RUN = '/usr/bin/xvfb-run';

const DEFAULT_TIMEOUT = 20000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** MiniBrowser lives in the multiarch folder of libwebkit2gtk-4.1. */
function findMiniBrowser() {
  const lib = '/usr/lib';
  const found = existsSync(lib)
    ? readdirSync(lib)
        .map((dir) => `${lib}/${dir}/webkit2gtk-4.1/MiniBrowser`)
        .find((path) => existsSync(path))
    : undefined;
  return found ?? `${lib}/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser`;
}

/** Why WebKit cannot run here, or null. */
export function webkitMissing() {
  for (const path of [WEBKIT_DRIVER, MINIBROWSER, XVFB_RUN]) {
    if (!existsSync(path)) return `${path} is not installed (apt-get install -y webkit2gtk-driver xvfb xauth)`;
  }
  return null;
}

/**
 * Starts WebKitWebDriver under a virtual display. Resolves to
 * {newPage(), close()}: each page is a WebDriver session of its own, a fresh
 * MiniBrowser with ephemeral storage. A driver holds one session at a time
 * ("Maximum number of active sessions"): close a page before the next, or
 * launch a second driver for a second device.
 */
export async function launchWebKit() {
  const missing = webkitMissing();
  if (missing) throw new Error(missing);
  const port = await freePort();
  // Its own process group, so that close() ends Xvfb and the browsers too.
  const driver = spawn(XVFB_RUN, ['-a', WEBKIT_DRIVER, `--port=${port}`], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  driver.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => driver.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + DEFAULT_TIMEOUT;
  for (;;) {
    const ready = await fetch(`${base}/status`)
      .then((r) => r.json())
      .then((j) => j.value?.ready)
      .catch(() => false);
    if (ready) break;
    if (driver.exitCode !== null || Date.now() > deadline) {
      throw new Error(`WebKitWebDriver did not start on port ${port}: ${stderr || `exit ${driver.exitCode}`}`);
    }
    await sleep(100);
  }
  const pages = new Set();
  return {
    async newPage(options) {
      const page = await WebKitPage.open(base, options);
      pages.add(page);
      return page;
    },
    async close() {
      for (const page of pages) await page.close();
      try {
        process.kill(-driver.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    },
  };
}

/** How long a command may take: a navigation that never returns fails the test, not CI. */
const COMMAND_TIMEOUT = 60000;

/** One WebDriver command; its value, or an Error naming the command. */
async function command(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(COMMAND_TIMEOUT),
  }).catch((error) => {
    throw new Error(`WebDriver ${method} ${path}: no answer (${error.message})`, { cause: error });
  });
  const { value } = await response.json();
  if (value?.error) throw new Error(`WebDriver ${method} ${path}: ${value.error}: ${value.message}`);
  return value;
}

/** One MiniBrowser window (a session). */
class WebKitPage {
  /**
   * `pageLoadStrategy`: "eager" (navigation returns at DOMContentLoaded;
   * every test then waits for what it needs explicitly), or "none" for a
   * page whose load is held back (the wasm, which the page preloads): with
   * the load pending, WebKitWebDriver was seen to leave a command
   * unanswered.
   */
  static async open(base, { pageLoadStrategy = 'eager' } = {}) {
    const { sessionId, capabilities } = await command(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          pageLoadStrategy,
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    return new WebKitPage(base, sessionId, capabilities.browserVersion);
  }

  constructor(base, sessionId, version) {
    this.base = base;
    this.session = `/session/${sessionId}`;
    /** WebKitGTK's version, e.g. 2.50.6. */
    this.version = version;
    this.closed = false;
  }

  send(method, path, body) {
    return command(this.base, method, `${this.session}${path}`, body);
  }

  goto(url) {
    return this.send('POST', '/url', { url });
  }

  /**
   * Opens a new tab of this browser (the same storage) and drives it from
   * now on, as a link opened from another app would. (Navigating the
   * current tab to the same page with another fragment never returns in
   * WebKitWebDriver 2.50.)
   */
  async newTab() {
    const { handle } = await this.send('POST', '/window/new', { type: 'tab' });
    await this.send('POST', '/window', { handle });
  }

  reload() {
    return this.send('POST', '/refresh', {});
  }

  /**
   * Runs `fn(...args)` in the page and resolves to its (awaited) value. The
   * function travels as source, as in Playwright: it sees only its
   * arguments (JSON values).
   */
  async evaluate(fn, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve()
        .then(() => (${fn}).apply(null, Array.prototype.slice.call(arguments, 0, -1)))
        .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String((error && error.stack) || error) }));`;
    const result = await this.send('POST', '/execute/async', { script, args });
    if (result?.error) throw new Error(`in the page: ${result.error}`);
    return result?.value;
  }

  /** Polls `fn(...args)` until it is truthy; its value. `what` names it in the error. */
  async waitFor(what, fn, args = [], timeout = DEFAULT_TIMEOUT) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, ...args);
        if (last) return last;
      } catch (error) {
        last = error.message;
      }
      if (Date.now() > deadline) throw new Error(`WebKit: ${what} did not happen within ${timeout} ms (last: ${JSON.stringify(last)})`);
      await sleep(100);
    }
  }

  /**
   * Clicks, as WebDriver clicks (scrolled into view, at its centre, refused
   * when covered), the first element matching `selector` in the shadow root
   * of `host`.
   */
  async click(host, selector) {
    await this.send('POST', `/element/${await this.element(host, selector)}/click`, {});
  }

  /** Types `text` into the first field matching `selector` in `host`'s shadow root, as keys. */
  async fill(host, selector, text) {
    await this.send('POST', `/element/${await this.element(host, selector)}/value`, { text });
  }

  /** The WebDriver id of the first element matching `selector` in `host`'s shadow root. */
  async element(host, selector) {
    const element = await this.send('POST', '/execute/sync', {
      script: 'return document.querySelector(arguments[0])?.shadowRoot?.querySelector(arguments[1]) ?? null;',
      args: [host, selector],
    });
    if (!element) throw new Error(`WebKit: nothing matches ${selector} in ${host}'s shadow root`);
    return Object.values(element)[0];
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.send('DELETE', '').catch(() => {});
  }
}
