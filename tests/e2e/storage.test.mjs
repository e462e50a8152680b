// When the browser refuses storage (blocked site data, private modes, a full
// quota), the pupil can still sign: the form renders, the receipt is signed
// and offered for download, the summary says plainly that it was not saved,
// the history keeps listing it (downloadable) after the pupil goes back to
// the form, and the embedder gets a limpide:error with a storage code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { readFileSync } from 'node:fs';

import {
  SEL,
  assertNoLeaks,
  box,
  clashDatabase,
  denyStorage,
  events,
  fillQuota,
  openForm,
  openPage,
  waitForEvents,
  waitForForm,
  waitForState,
} from './browser.mjs';
import { assertDecisions, assertVerifiesFile, decodePayload, key } from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};


/**
 * Signs with storage failing as `fault` makes it fail, and checks what the
 * pupil and the embedder are told: exactly the error `codes`, in order (the
 * flow mounts, signs, goes back to the form and mounts again: each step
 * that finds storage failing reports). `fault.initScript` runs before the
 * page; `fault.beforeSigning(page)` once the form is shown.
 */
async function signWithoutStorage(fault, grant, codes) {
  const init = fault.initScript ? [fault.initScript] : [];
  const { context, page } = await openForm(suite.browser, suite.server.url, { events: true, init });
  try {
    await fault.beforeSigning?.(page);
    await page.locator(box(...grant)).check();
    await page.locator(SEL.submit).click();
    const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
    await waitForState(page, 'summary');

    // The summary says the receipt was not saved, in words, and offers the download.
    const failed = page.locator(SEL.storageFailed);
    assert.ok(await failed.isVisible(), 'no visible [data-storage="failed"] status');
    assert.ok((await failed.innerText()).trim().length > 10, 'the storage failure has no readable message');
    assert.equal(await page.locator(SEL.storageSaved).count(), 0, '[data-storage="saved"] shown though nothing was saved');
    assert.equal(await page.locator(SEL.granted).count(), 1);

    // The embedder is told, with a storage code and a message.
    const errors = await events(page, 'limpide:error');
    assert.deepEqual(errors.map((e) => e.detail?.code), codes.slice(0, errors.length), 'not exactly the fault\'s codes');
    assert.ok(errors.every((e) => typeof e.detail.message === 'string' && e.detail.message.length > 0), 'limpide:error without a message');

    // The download still works and is the signed receipt.
    const { receipt } = detail;
    const { payload } = decodePayload(receipt);
    assertDecisions(payload, [key(...grant)]);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.locator(SEL.download).click()]);
    assert.equal(download.suggestedFilename(), `${payload.receipt_id}.json`);
    const path = await download.path();
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), receipt, 'the download is not the signed receipt');
    assertVerifiesFile(path);

    // Back to the form, the receipt is not lost from sight: the history
    // lists it, marked as not kept on this device, with its download.
    await page.locator(SEL.change).click();
    await waitForForm(page);
    const entry = page.locator(`${SEL.history}[data-unsaved][data-receipt-id="${payload.receipt_id}"]`);
    await entry.waitFor();
    const [again] = await Promise.all([
      page.waitForEvent('download', { timeout: 10000 }),
      entry.locator('button[data-action="download-history"]').click(),
    ]);
    assert.deepEqual(JSON.parse(readFileSync(await again.path(), 'utf8')), receipt, 'the history offers another receipt');
    // The form reopened on what was just signed, not on an older stored receipt.
    assert.ok(await page.locator(box(...grant)).isChecked(), 'the form forgot the unsaved receipt\'s choices');
    // Mounted again (as a changed attribute or a React prop does), it still lists it.
    const latest = await page.evaluate(async () => {
      const { mount } = await import('/limpide.js');
      const handle = await mount(document.getElementById('limpide-demo'), 'notices/pass-region.json');
      return handle.latest();
    });
    // The handle's latest is the form's: the receipt kept on this page.
    assert.deepEqual(latest, receipt, 'latest() is not the receipt the form shows');
    await waitForForm(page);
    await page.locator(`${SEL.history}[data-unsaved][data-receipt-id="${payload.receipt_id}"]`).waitFor();
    const all = await events(page, 'limpide:error');
    assert.deepEqual(all.map((e) => e.detail?.code), codes, 'not exactly the fault\'s codes');
    await assertNoLeaks(context, suite.server.origin);
    return { page, payload };
  } finally {
    await context.close();
  }
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('with storage blocked the pupil still signs, is told it was not saved, and downloads a valid receipt', async () => {
    const { payload } = await signWithoutStorage({ initScript: denyStorage }, ['bons-plans', 'email'], [
      'storage-unavailable', // mounting: nothing can be read
      'storage-unavailable', // signing: the receipt cannot be kept
      'storage-unavailable', // back to the form, which reads the history
      'storage-unavailable', // mounting again
    ]);
    // The key could not be kept: the receipt says so.
    assert.equal(payload.collection.key_storage, 'webcrypto-session');
  });

  test('with the storage quota really full the receipt is signed, reported unsaved (storage-full) and downloadable', async () => {
    const full = { beforeSigning: (page) => fillQuota(page, suite.server.origin) };
    const { payload } = await signWithoutStorage(full, ['messages-institutionnels', 'post'], [
      'storage-full', // signing; reading still works, so mounting again does not report
    ]);
    // The key could not be kept either: the receipt says so.
    assert.equal(payload.collection.key_storage, 'webcrypto-session');
  });

  test('with the widget\'s database unusable the receipt is signed, reported unsaved (storage-failed) and downloadable', async () => {
    const clash = { beforeSigning: (page) => page.evaluate(clashDatabase) };
    await signWithoutStorage(clash, ['bons-plans', 'sms'], [
      'storage-failed', // signing
      'storage-failed', // back to the form: the history cannot be read
      'storage-failed', // mounting again
    ]);
  });

  test('the storage-blocked init script really blocks storage', async () => {
    // Guards the two tests above: without it they could pass with storage working.
    const { context, page } = await openPage(suite.browser, suite.server.url, { init: [denyStorage] });
    try {
      const names = await page.evaluate(() =>
        ['localStorage', 'indexedDB'].map((name) => {
          try {
            void window[name];
            return `${name} readable`;
          } catch (error) {
            return error.name;
          }
        }),
      );
      assert.deepEqual(names, ['SecurityError', 'SecurityError']);
    } finally {
      await context.close();
    }
  });
});
