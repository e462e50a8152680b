// Measures how fast the built widget shows its form (not a test):
//
//   node tests/e2e/measure.mjs [--runs 20] [--throttle 4]
//
// Serves dist/ (compressed copies when the browser accepts them, as a
// production server would), opens the demo in fresh Chromium contexts (a
// new profile each, so nothing is cached) and measures, from navigation
// start, when the first checkbox becomes visible: polled every animation
// frame in the page (checkVisibility() against performance.now()), and the
// Element Timing entry of the root (elementtiming="limpide-form") when the
// browser reports one (Chromium 14x does not for elements in a shadow tree). Prints median, min and max, and the bytes transferred
// for limpide.js, limpide_bg.wasm, limpide-element.js and limpide.css.
// --throttle N slows the CPU N times (DevTools emulation), like a low-end phone.
import { statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dist, requireDist, start } from './server.mjs';
import { launchChromium } from './browser.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    throttle: { type: 'string', default: '1' },
    host: { type: 'string', default: '#limpide-demo' },
  },
});
const runs = Number(values.runs);
const throttle = Number(values.throttle);
const FILES = ['limpide.js', 'limpide_bg.wasm', 'limpide-element.js', 'limpide.css'];

requireDist();

/** In the page, before any script: note when the first checkbox is visible, and Element Timing entries. */
function probe(hostSelector) {
  window.__limpideTiming = { visible: null, element: null, formState: null };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.identifier === 'limpide-form' && window.__limpideTiming.element === null) {
          window.__limpideTiming.element = entry.renderTime || entry.loadTime;
        }
      }
    }).observe({ type: 'element', buffered: true });
  } catch {
    // Element Timing unsupported: the frame polling below still measures.
  }
  const check = () => {
    const root = document.querySelector(hostSelector)?.shadowRoot;
    const t = window.__limpideTiming;
    if (t.formState === null && root?.querySelector('section.limpide[data-state="form"]')) t.formState = performance.now();
    const box = root?.querySelector('input[type="checkbox"][data-purpose]');
    if (box && box.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) {
      t.visible = performance.now();
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

function stats(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

const fmt = (s) => (s ? `median ${s.median.toFixed(1)} ms, min ${s.min.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (${s.n} runs)` : 'not reported');
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const server = await start({ compress: true });
const browser = await launchChromium();
const samples = [];
let resources = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    await context.addInitScript(probe, values.host);
    const page = await context.newPage();
    if (throttle > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    }
    await page.goto(server.url);
    await page.waitForFunction(() => window.__limpideTiming?.visible !== null, null, { timeout: 60000, polling: 50 });
    await page.waitForTimeout(50); // let a late Element Timing entry arrive
    const sample = await page.evaluate((files) => {
      const entries = performance.getEntriesByType('resource').filter((e) => files.some((f) => new URL(e.name).pathname.endsWith(`/${f}`)));
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        ...window.__limpideTiming,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
        resources: entries.map((e) => ({
          file: new URL(e.name).pathname.split('/').pop(),
          transfer: e.transferSize,
          encoded: e.encodedBodySize,
          decoded: e.decodedBodySize,
          duration: e.duration,
        })),
      };
    }, FILES);
    samples.push(sample);
    resources = sample.resources;
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`Limpide: time to a visible form, ${runs} fresh Chromium contexts${throttle > 1 ? `, CPU ${throttle}× slower` : ''} (${dist})`);
console.log(`  first checkbox visible (frame polling): ${fmt(stats(samples.map((s) => s.visible)))}`);
console.log(`  data-state="form" rendered:             ${fmt(stats(samples.map((s) => s.formState)))}`);
const element = stats(samples.map((s) => s.element));
console.log(
  `  Element Timing (limpide-form):          ${element ? fmt(element) : 'not reported (Chromium reports no Element Timing entry for elements in a shadow tree)'}`,
);
console.log(`  DOMContentLoaded:                       ${fmt(stats(samples.map((s) => s.domContentLoaded)))}`);
console.log('Bytes transferred (last run; headers included in "transfer"):');
let total = 0;
for (const file of FILES) {
  const r = resources.find((e) => e.file === file);
  const disk = join(dist, file);
  const onDisk = existsSync(disk)
    ? ['', '.gz', '.br']
        .filter((ext) => existsSync(disk + ext))
        .map((ext) => `${ext || 'raw'} ${kib(statSync(disk + ext).size)}`)
        .join(', ')
    : 'not in dist/';
  if (r) {
    total += r.transfer;
    console.log(`  ${file.padEnd(20)} transfer ${kib(r.transfer).padStart(10)}, body ${kib(r.encoded).padStart(10)}, decoded ${kib(r.decoded).padStart(10)}  [on disk: ${onDisk}]`);
  } else {
    console.log(`  ${file.padEnd(20)} not loaded by the demo  [on disk: ${onDisk}]`);
  }
}
console.log(`  total transferred   ${kib(total)}`);
