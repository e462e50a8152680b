// The error codes docs/embedding.md lists besides notices, storage and the
// endpoint, each caused the way a browser causes it: an element that cannot
// host a shadow root (mount-failed), no secure random numbers
// (signing-unsupported), a signer whose signature does not verify
// (signing-failed), and no window at all, in a worker (no-window).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { SEL, events, openForm, openPage, storedReceipts, waitForEvents } from './browser.mjs';

const suite = useSuite();

test('mount() on an element that cannot have a shadow root rejects with mount-failed, on that element', async () => {
  const { context, page } = await openPage(suite.browser, `${suite.server.url}test/mount.html?manual`);
  try {
    const outcome = await page.evaluate(async () => {
      const { mount } = await import('/limpide.js');
      const image = document.body.appendChild(document.createElement('img'));
      const codes = [];
      image.addEventListener('limpide:error', (e) => codes.push(e.detail.code));
      try {
        await mount(image, '/notices/pass-region.json', { lang: 'en' });
        return { mounted: true, codes };
      } catch (error) {
        return { mounted: false, message: error.message, codes };
      }
    });
    assert.equal(outcome.mounted, false);
    assert.deepEqual(outcome.codes, ['mount-failed']);
    assert.match(outcome.message, /cannot render into the element/);
  } finally {
    await context.close();
  }
});

/** A signing that cannot be done, caused by `initScript` once the form is shown. */
async function signingFails(initScript) {
  const { context, page } = await openForm(suite.browser, `${suite.server.url}?lang=en`, { events: true, init: [initScript] });
  try {
    await page.evaluate(() => {
      window.__breakSigning = true;
    });
    await page.locator(SEL.refuseAll).click();
    const [{ detail }] = await waitForEvents(page, 'limpide:error');
    // Nothing was signed or kept, and the pupil is told, with the form
    // still there to try again.
    assert.deepEqual(await events(page, 'limpide:receipt'), []);
    assert.equal(await storedReceipts(page), null);
    await page.locator(`${SEL.root} [role="alert"]`).first().waitFor();
    assert.ok((await page.locator(SEL.box).count()) > 0, 'the form went away');
    return detail;
  } finally {
    await context.close();
  }
}

test('without secure random numbers, signing reports signing-unsupported and keeps nothing', async () => {
  const detail = await signingFails(() => {
    const native = Crypto.prototype.getRandomValues;
    Crypto.prototype.getRandomValues = function (array) {
      if (window.__breakSigning) throw new DOMException('no entropy', 'NotSupportedError');
      return native.call(this, array);
    };
  });
  assert.equal(detail.code, 'signing-unsupported');
  assert.match(detail.message, /secure random numbers/);
});

test('a signer whose signature does not verify: signing-failed, and no receipt that would fail later', async () => {
  const detail = await signingFails(() => {
    const native = SubtleCrypto.prototype.sign;
    SubtleCrypto.prototype.sign = async function (...args) {
      const signature = new Uint8Array(await native.apply(this, args));
      if (window.__breakSigning) signature[0] ^= 1;
      return signature.buffer;
    };
  });
  assert.equal(detail.code, 'signing-failed');
});

test('mount() without an element rejects, saying so, rather than failing uncaught', async () => {
  const { context, page } = await openPage(suite.browser, `${suite.server.url}test/mount.html?manual`);
  try {
    const message = await page.evaluate(async () => {
      const { mount } = await import('/limpide.js');
      return mount(null, '/notices/pass-region.json', {}).then(
        () => 'mounted',
        (error) => error.message,
      );
    });
    assert.match(message, /needs the element/);
    assert.deepEqual(context.problems, [], 'an uncaught error');
  } finally {
    await context.close();
  }
});

test('mount() in a worker, where there is no window, rejects with no-window', async () => {
  const { context, page } = await openPage(suite.browser, `${suite.server.url}test/mount.html?manual`);
  try {
    const outcome = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const worker = new Worker('/test/worker-mount.js', { type: 'module' });
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => resolve({ error: e.message });
        }),
    );
    assert.equal(outcome.rejected, true, JSON.stringify(outcome));
    assert.match(outcome.message, /not running in a browser window/);
  } finally {
    await context.close();
  }
});
