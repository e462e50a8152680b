// Limpide side by side with the consent widgets a developer would otherwise
// pick (not a test; run by `cargo xtask bench`, or alone):
//
//   node tests/bench/peers.mjs [--runs 20] [--throttled-runs 8]
//
// Each widget shows the same five opt-in purposes (those of
// www/notices/pass-region.json, French titles) on a local page, in headless
// Chromium, with nothing loaded from the network:
//   - Limpide: the built demo page, dist/index.html (served by
//     tests/e2e/server.mjs with its .br/.gz copies, as in production);
//   - vanilla-cookieconsent, klaro, tarteaucitronjs: tests/bench/pages/*.html
//     and the packages' browser builds from node_modules/ (served brotli- or
//     gzip-compressed too, compressed once at start-up), each opening its
//     preferences panel by itself so that the per-purpose controls show
//     without a click.
// For each, over --runs fresh browser contexts (a new profile each, nothing
// cached): the time from navigation start until the first per-purpose
// control is visible (checkVisibility() polled every animation frame from an
// init script, like tests/e2e/measure.mjs); then, after a forced garbage
// collection, the JS heap in use (CDP Performance.getMetrics JSHeapUsedSize)
// and, for Limpide, the size of its WebAssembly memory, which V8 keeps out of
// that heap (an ArrayBuffer backing store): both are printed, and summed.
// Two profiles, in the same run:
//   - unthrottled (localhost, this machine's CPU), --runs contexts each;
//   - the way a pupil meets it: Slow 4G (150 ms latency, 1.6 Mbps down,
//     750 kbps up, CDP Network.emulateNetworkConditions) and the CPU slowed
//     4× (Emulation.setCPUThrottlingRate), --throttled-runs contexts each.
// For Limpide, also the time to interactive, in contexts of its own: from
// navigation start until a box ticked and submitted as soon as it is visible
// (by the page's own click()) yields a limpide:receipt event. Ratios are to the fastest peer of the same profile.
// Bytes: every file the widget loads (JS, CSS, wasm; not the page itself nor
// the page's own config script), raw, gzip (level 9) and brotli (quality 11)
// as computed here with node:zlib, the same way for everyone.
import { createServer } from 'node:http';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { dist, requireDist, root, start } from '../e2e/server.mjs';
import { launchChromium } from '../e2e/browser.mjs';
import { LIMPIDE_CONTROL, measureInteractive, probe, stats, throttle } from './probe.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'throttled-runs': { type: 'string', default: '8' } },
});
const count = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${values[name]}`);
  return n;
};

/** The profiles, each with its number of fresh contexts per widget. */
const PROFILES = [
  { name: 'unthrottled', runs: count('runs') },
  {
    name: 'throttled: Slow 4G (150 ms, 1.6 Mbps down, 750 kbps up), CPU 4x',
    runs: count('throttled-runs'),
    // CDP takes bytes per second.
    network: { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
    cpu: 4,
  },
];

requireDist();

const pages = join(root, 'tests', 'bench', 'pages');
const modules = join(root, 'node_modules');
const version = (pkg) => JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')).version;

/**
 * The widgets. `control` finds, in the page, the first per-purpose control
 * (its visible part: klaro hides its checkbox at opacity 0 under a painted
 * switch, so its switch is checked); `files` tells which loaded URLs are the
 * widget's own.
 */
const WIDGETS = [
  {
    name: 'Limpide',
    version: '(this tree)',
    path: '/',
    control: LIMPIDE_CONTROL,
    // The pre-rendered form is visible long before the widget runs: its
    // files and memory are read once it has taken the form over.
    ready: '[data-limpide-live]',
    files: (pathname) => ['limpide.js', 'limpide_bg.wasm', 'limpide-element.js', 'limpide.css'].some((f) => pathname === `/${f}`),
    disk: (pathname) => join(dist, pathname),
  },
  {
    name: 'vanilla-cookieconsent',
    version: version('vanilla-cookieconsent'),
    path: '/bench/vanilla-cookieconsent.html',
    // The first category's switch in the preferences modal.
    control: { selector: '#cc-main .pm__section--toggle input.section__toggle' },
    files: (pathname) => pathname.startsWith('/node_modules/vanilla-cookieconsent/'),
    disk: (pathname) => join(root, pathname),
  },
  {
    name: 'klaro',
    version: version('klaro'),
    path: '/bench/klaro.html',
    // The first service's switch (the painted slider of its checkbox).
    control: { selector: '.klaro .cookie-modal li.cm-service:not(.cm-toggle-all) input.cm-list-input + label .slider' },
    files: (pathname) => pathname.startsWith('/node_modules/klaro/'),
    disk: (pathname) => join(root, pathname),
  },
  {
    name: 'tarteaucitronjs',
    version: version('tarteaucitronjs'),
    path: '/bench/tarteaucitron.html#tarteaucitron',
    // The first service's "Autoriser" button in the panel.
    control: { selector: '#tarteaucitronServices li.tarteaucitronLine button.tarteaucitronAllow[id$="Allowed"]' },
    files: (pathname) => pathname.startsWith('/node_modules/tarteaucitronjs/'),
    disk: (pathname) => join(root, pathname),
  },
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
const PEER_PACKAGES = ['vanilla-cookieconsent', 'klaro', 'tarteaucitronjs'];

/** The file for a URL path on the peers' server, or null (only pages/ and the three packages). */
function peerFile(pathname) {
  let base;
  let rest;
  if (pathname.startsWith('/bench/')) {
    base = pages;
    rest = pathname.slice('/bench/'.length);
  } else {
    const pkg = PEER_PACKAGES.find((p) => pathname.startsWith(`/node_modules/${p}/`));
    if (!pkg) return null;
    base = join(modules, pkg);
    rest = pathname.slice(`/node_modules/${pkg}/`.length);
  }
  const parts = decodeURIComponent(rest).split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.' || p.includes('\\') || p.includes('\0'))) return null;
  try {
    const real = realpathSync(join(base, ...parts));
    if (!real.startsWith(realpathSync(base) + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/** Raw, gzip and brotli bytes of a file, computed once. */
const sizesCache = new Map();
function sizes(file) {
  if (!sizesCache.has(file)) {
    const raw = readFileSync(file);
    const gzip = gzipSync(raw, { level: 9 });
    const brotli = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    sizesCache.set(file, { raw, gzip, brotli });
  }
  return sizesCache.get(file);
}

/** The peers' static server: brotli or gzip when accepted, like Limpide's. */
function startPeers() {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url, 'http://127.0.0.1').pathname;
    const file = req.method === 'GET' ? peerFile(pathname) : null;
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const { raw, gzip, brotli } = sizes(file);
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const [body, encoding] = /\bbr\b/.test(accepted) ? [brotli, 'br'] : /\bgzip\b/.test(accepted) ? [gzip, 'gzip'] : [raw, null];
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      done({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((closed) => {
            server.close(() => closed());
            server.closeAllConnections?.();
          }),
      }),
    );
  });
}

async function measure(browser, widget, origin, profile) {
  const samples = [];
  let files = new Map();
  for (let i = 0; i < profile.runs; i++) {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const foreign = [];
    context.on('request', (r) => {
      const url = r.url();
      if (!/^(data|blob|about):/.test(url) && new URL(url).origin !== origin) foreign.push(url);
    });
    await context.addInitScript(probe, { control: widget.control, interact: false });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await throttle(context, page, profile);
    await page.goto(origin + widget.path, { waitUntil: 'load', timeout: 60000 });
    try {
      await page.waitForFunction(() => window.__bench?.visible !== null, null, { timeout: 60000, polling: 50 });
    } catch (error) {
      throw new Error(`${widget.name}: no visible per-purpose control within 60 s; page errors: ${errors.join('; ') || 'none'}`, { cause: error });
    }
    if (widget.ready) {
      await page.waitForFunction(
        ({ host, ready }) => !!document.querySelector(host)?.shadowRoot?.querySelector(ready),
        { host: widget.control.host, ready: widget.ready },
        { timeout: 60000, polling: 50 },
      );
    }
    await page.waitForTimeout(300); // let the widget settle (late scripts, animations)
    if (foreign.length) throw new Error(`${widget.name}: requests left the local server: ${foreign.join(', ')}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
    const sample = await page.evaluate(() => ({
      visible: window.__bench.visible,
      wasm: window.__bench.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
      resources: performance.getEntriesByType('resource').map((e) => ({ url: e.name, transfer: e.transferSize })),
    }));
    sample.heap = metric('JSHeapUsedSize');
    samples.push(sample);
    files = new Map();
    for (const r of sample.resources) {
      const pathname = new URL(r.url).pathname;
      if (widget.files(pathname)) files.set(pathname, r.transfer);
    }
    await context.close();
  }
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  let transfer = 0;
  for (const [pathname, transferred] of files) {
    const s = sizes(widget.disk(pathname));
    raw += s.raw.length;
    gzip += s.gzip.length;
    brotli += s.brotli.length;
    transfer += transferred;
  }
  return {
    widget,
    files: [...files.keys()],
    raw,
    gzip,
    brotli,
    transfer,
    time: stats(samples.map((s) => s.visible)),
    heap: stats(samples.map((s) => s.heap)),
    wasm: stats(samples.map((s) => s.wasm)),
    total: stats(samples.map((s) => s.heap + s.wasm)),
  };
}

const kib = (n) => `${(n / 1024).toFixed(1)}`;
const mib = (n) => `${(n / 1048576).toFixed(2)}`;

const limpideServer = await start({ compress: true });
const peerServer = await startPeers();
const browser = await launchChromium();
const byProfile = [];
try {
  for (const profile of PROFILES) {
    const results = [];
    for (const widget of WIDGETS) {
      const origin = widget.name === 'Limpide' ? limpideServer.origin : peerServer.url;
      process.stderr.write(`${profile.name}: measuring ${widget.name} (${profile.runs} runs)…\n`);
      const result = await measure(browser, widget, origin, profile);
      if (widget.control.submit) result.interactive = await measureInteractive(browser, widget, origin, profile);
      results.push(result);
    }
    byProfile.push({ profile, results });
  }
} finally {
  await browser.close();
  await peerServer.close();
  await limpideServer.close();
}

for (const { profile, results } of byProfile) report(profile, results);

/** Prints one profile's table, the files counted and the ratios. */
function report(profile, results) {
  console.log(`\n${profile.name}: Limpide and its peers, five opt-in purposes each, headless Chromium, ${profile.runs} fresh contexts each`);
  console.log('sizes in KiB (1024 bytes) of the widget\'s own files; time from navigation start to the first per-purpose control visible, ms;');
  console.log('interactive (Limpide): to the limpide:receipt of a box ticked and submitted at once, ms;');
  console.log('memory after load and a forced GC, MiB: JS heap used (CDP JSHeapUsedSize) + WebAssembly memory (not part of that heap), medians\n');
  const header = ['widget', 'version', 'raw', 'gzip', 'brotli', 'visible median', 'min', 'max', 'interactive', 'JS heap', 'wasm', 'heap+wasm'];
  const rows = results.map((r) => [
    r.widget.name,
    r.widget.version,
    kib(r.raw),
    kib(r.gzip),
    kib(r.brotli),
    r.time.median.toFixed(1),
    r.time.min.toFixed(1),
    r.time.max.toFixed(1),
    r.interactive ? r.interactive.median.toFixed(1) : '-',
    mib(r.heap.median),
    mib(r.wasm.median),
    mib(r.total.median),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));

  console.log('\nfiles counted:');
  for (const r of results) console.log(`  ${r.widget.name}: ${r.files.join(', ')} (transferred in the last run, headers included: ${kib(r.transfer)} KiB)`);

  const [limpide, ...peers] = results;
  const fastest = peers.reduce((a, b) => (b.time.median < a.time.median ? b : a));
  console.log(`\nLimpide / fastest peer (${fastest.widget.name}), medians:`);
  console.log(`  time to visible ${(limpide.time.median / fastest.time.median).toFixed(2)}`);
  console.log(`  Limpide's time to interactive / the peer's time to visible ${(limpide.interactive.median / fastest.time.median).toFixed(2)}`);
  console.log('Limpide / each peer (below 1: Limpide smaller or faster):');
  for (const r of peers) {
    console.log(
      `  vs ${r.widget.name.padEnd(22)} brotli ${(limpide.brotli / r.brotli).toFixed(2)}, gzip ${(limpide.gzip / r.gzip).toFixed(2)}, raw ${(limpide.raw / r.raw).toFixed(2)}, ` +
        `time (medians) ${(limpide.time.median / r.time.median).toFixed(2)}, memory heap+wasm (medians) ${(limpide.total.median / r.total.median).toFixed(2)}`,
    );
  }
}
