// Hostile or unlucky input the pupil must never pay for: a subject the
// embedder passes that no receipt could carry is refused at mount (not after
// the pupil decided), and a receipt that could not be stored is still the one
// the next receipt chains to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';

import {
  SEL,
  box,
  events,
  fillQuota,
  mountUrl,
  openForm,
  openPage,
  storedReceipts,
  waitForEvents,
  waitForState,
} from './browser.mjs';
import { assertVerifies, decodePayload, receiptDigest } from './receipt.mjs';

const suite = useSuite();

test('a subject no receipt could carry is refused at mount, with its own code, and no form is shown', async () => {
  const subject = `pass\u0007${'x'.repeat(300)}`;
  const url = `${mountUrl(suite.server, '/notices/pass-region.json')}&subject=${encodeURIComponent(subject)}`;
  const { context, page } = await openPage(suite.browser, url);
  try {
    assert.equal(await page.evaluate(() => window.__mounted), 'rejected');
    const message = await page.evaluate(() => window.__mountError);
    assert.match(message, /subject/);
    const errors = await events(page, 'limpide:error');
    assert.deepEqual(errors.map((e) => e.detail.code), ['subject-invalid']);
    assert.equal(errors[0].detail.message, message);
    assert.equal(await page.locator(SEL.box).count(), 0, 'a form was shown');
    assert.equal(await page.locator(`${SEL.error} [role="alert"]`).count(), 1);
  } finally {
    await context.close();
  }
});

test('a valid subject is recorded in the receipt', async () => {
  const { context, page } = await openForm(suite.browser, `${mountUrl(suite.server, '/notices/pass-region.json')}&subject=sha256-pass-0042`);
  try {
    await page.locator(SEL.refuseAll).click();
    const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
    assert.equal(decodePayload(detail.receipt).payload.subject, 'sha256-pass-0042');
  } finally {
    await context.close();
  }
});

test('after a receipt that could not be stored, the next one chains to it, not past it', async () => {
  const { context, page } = await openForm(suite.browser, suite.server.url, { events: true });
  try {
    const free = await fillQuota(page, suite.server.origin);
    await page.locator(box('enquetes', 'email')).check();
    await page.locator(SEL.submit).click();
    const [unsaved] = await waitForEvents(page, 'limpide:receipt', 1);
    await page.locator(SEL.storageFailed).waitFor();
    const errors = await events(page, 'limpide:error');
    assert.deepEqual(errors.map((e) => e.detail.code), ['storage-full']);

    // Space freed; the pupil changes their mind on the same page.
    await free();
    await page.locator(SEL.change).click();
    await waitForState(page, 'form');
    await page.locator(SEL.refuseAll).click();
    const [, next] = await waitForEvents(page, 'limpide:receipt', 2);
    await page.locator(SEL.storageSaved).waitFor();
    const first = decodePayload(unsaved.detail.receipt);
    const second = decodePayload(next.detail.receipt).payload;
    assert.equal(second.previous?.receipt_id, first.payload.receipt_id, 'the next receipt skipped the unsaved one');
    assert.equal(second.previous?.digest, receiptDigest(unsaved.detail.receipt));
    assert.deepEqual(await storedReceipts(page), [next.detail.receipt]);
    assertVerifies(unsaved.detail.receipt, suite.temp.dir, 'unsaved.json');
    assertVerifies(next.detail.receipt, suite.temp.dir, 'next.json');
  } finally {
    await context.close();
  }
});
