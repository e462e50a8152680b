// What the widget bench (peers.mjs) runs in each page, apart so that a test
// (tests/e2e/bench-probe.test.mjs) runs it too and it cannot rot unseen: the
// probe that notes when the first per-purpose control shows and, for the
// time to interactive, answers the age question, ticks a box and saves as a
// pupil would; the throttling; the medians.

/** Limpide's controls on the demo page: the first box, the save button, the age question's "15 or older". */
export const LIMPIDE_CONTROL = {
  host: '#limpide-demo',
  selector: 'input[type="checkbox"][data-purpose]',
  submit: 'button[data-action="submit"]',
  age: 'input[type="radio"][data-age="at-or-over"]',
};

/**
 * In the page, before any script: note when the first per-purpose control
 * is visible (polled every animation frame), and keep the WebAssembly
 * memories instantiated (to read their size after load).
 */
export function probe({ control, interact }) {
  window.__bench = { visible: null, interactive: null, memories: [] };
  if (interact) {
    document.addEventListener('limpide:receipt', () => (window.__bench.interactive ??= performance.now()));
  }
  const keep = (result) => {
    const instance = result?.instance ?? result;
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory) window.__bench.memories.push(value);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (original) WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
  const check = () => {
    const scope = control.host ? document.querySelector(control.host)?.shadowRoot : document;
    const element = scope?.querySelector(control.selector);
    if (element && element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) {
      window.__bench.visible ??= performance.now();
      if (!interact) return;
      // Answer the age question, tick and submit as a pupil would, the
      // moment the box shows (a submit the form cannot handle yet must
      // still end in a receipt). A grant waits for the age question.
      const age = control.age ? scope.querySelector(control.age) : null;
      if (age && !age.checked) age.click();
      if (!element.checked) element.click();
      const submit = scope.querySelector(control.submit);
      // A pre-rendered save button is enabled once a press can be held.
      if (element.checked && submit && !submit.disabled) {
        submit.click();
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** Slows the page's network and CPU as the profile says (CDP). */
export async function throttle(context, page, profile) {
  if (!profile.network && !profile.cpu) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', profile.network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
}

export function stats(list) {
  const sorted = list.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** Limpide's time to interactive (ms from navigation start), over the profile's fresh contexts. */
export async function measureInteractive(browser, widget, origin, profile) {
  const times = [];
  for (let i = 0; i < profile.runs; i++) {
    const context = await browser.newContext({ locale: 'fr-FR' });
    await context.addInitScript(probe, { control: widget.control, interact: true });
    const page = await context.newPage();
    await throttle(context, page, profile);
    await page.goto(origin + widget.path, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.interactive !== null, null, { timeout: 60000, polling: 50 });
    times.push(await page.evaluate(() => window.__bench.interactive));
    await context.close();
  }
  return stats(times);
}

