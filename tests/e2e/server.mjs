// A tiny static server for the end-to-end tests, on 127.0.0.1 and a random
// port, with the same strict Content-Security-Policy as `cargo xtask serve`:
//
//   /            dist/ (the built demo and widget; LIMPIDE_DIST overrides it)
//   /test/       tests/e2e/pages/ (test pages: mount.html, mount.js)
//   /fixtures/   crates/receipt/tests/fixtures/notices/ (broken notices)
//
// GET and HEAD only, no directory listing, nothing outside those folders.
import { createServer } from 'node:http';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = resolve(process.env.LIMPIDE_DIST ?? join(root, 'dist'));
const pages = join(root, 'tests', 'e2e', 'pages');
const fixtures = join(root, 'crates', 'receipt', 'tests', 'fixtures', 'notices');

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Throws a readable error unless `cargo xtask build` has made dist/. */
export function requireDist() {
  const module = join(dist, 'limpide.js');
  if (!existsSync(module)) {
    throw new Error(
      `${module} is missing: build the widget first with \`cargo xtask build\` ` +
        '(the end-to-end tests run against the built dist/ folder).',
    );
  }
}

/**
 * The file under `base` for a URL path below a mount point, or null when the
 * path would leave `base` (`..`, encoded slashes or backslashes, NUL, a
 * symbolic link out) or is not a regular file. `/` and folders serve their
 * index.html.
 */
function resolveUnder(base, rest) {
  let decoded;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.')) return null;
  let file = join(base, ...parts);
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    const real = realpathSync(file);
    const realBase = realpathSync(base);
    if (real !== realBase && !real.startsWith(realBase + sep)) return null;
    if (!statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

function route(pathname) {
  if (pathname === '/test' || pathname.startsWith('/test/')) {
    return resolveUnder(pages, pathname.slice('/test'.length));
  }
  if (pathname === '/fixtures' || pathname.startsWith('/fixtures/')) {
    return resolveUnder(fixtures, pathname.slice('/fixtures'.length));
  }
  return resolveUnder(dist, pathname);
}

/**
 * Starts the server. Resolves to {url, origin, requests, close}: `url` ends
 * with a slash, `requests` lists every request as {method, url} in order.
 * With `compress`, a file's `.br` or `.gz` copy (made by `cargo xtask build`)
 * is sent when the browser accepts that encoding, as a production server would.
 * `handler(req, res)` may answer a request first (resolving to true when it did).
 */
export function start({ compress = false, handler = null, connectSrc = [], port = 0 } = {}) {
  // A page may call a receipt service on another origin only when the test
  // allows it, as a deployment's CSP would (`connect-src`).
  const csp = connectSrc.length ? `${CSP}; connect-src 'self' ${connectSrc.join(' ')}` : CSP;
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push({ method: req.method, url: req.url });
    // A test's own routes (e.g. a receipt endpoint) come first.
    if (handler && (await handler(req, res))) return;
    const headers = {
      'Cache-Control': 'no-store',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
    };
    const send = (status, body, type) => {
      res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, Buffer.from('method not allowed'), 'text/plain; charset=utf-8');
      return;
    }
    let pathname;
    try {
      pathname = new URL(req.url, 'http://127.0.0.1').pathname;
    } catch {
      send(400, Buffer.from('bad request'), 'text/plain; charset=utf-8');
      return;
    }
    const file = route(pathname);
    if (!file) {
      send(404, Buffer.from('not found'), 'text/plain; charset=utf-8');
      return;
    }
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    headers.Vary = 'Accept-Encoding';
    if (compress) {
      const accepted = String(req.headers['accept-encoding'] ?? '');
      for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']]) {
        if (new RegExp(`\\b${encoding}\\b`).test(accepted) && existsSync(file + ext)) {
          headers['Content-Encoding'] = encoding;
          send(200, await readFile(file + ext), type);
          return;
        }
      }
    }
    try {
      const body = await readFile(file);
      send(200, body, type);
    } catch {
      send(404, Buffer.from('not found'), 'text/plain; charset=utf-8');
    }
  });
  // Keep-alive sockets would hold close() open.
  server.keepAliveTimeout = 1000;
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolvePromise({
        url: `${origin}/`,
        origin,
        requests,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections?.();
          }),
      });
    });
  });
}

// `node tests/e2e/server.mjs` serves until Ctrl-C, for looking at the test pages by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await start();
  console.log(`serving ${dist} on ${url} (test pages under ${url}test/, fixtures under ${url}fixtures/)`);
}

/**
 * The wasm's gate, a server handler: closed, requests for the widget's wasm
 * wait until `open()` (the pre-rendered form alone is shown meanwhile).
 */
export function wasmGate() {
  let release;
  let opened = Promise.resolve();
  return {
    close() {
      opened = new Promise((resolve) => (release = resolve));
    },
    open() {
      release?.();
    },
    async handler(req) {
      if (new URL(req.url, 'http://x').pathname === '/limpide_bg.wasm') await opened;
      return false; // then served as usual
    },
  };
}
