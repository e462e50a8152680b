// A browser without Web Locks (older engines, some embedded views): the
// widget still signs, stores and chains; only the cross-tab ordering the
// locks give is lost (src/storage/lock.rs), never a receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { SEL, box, events, openForm, storedReceipts, waitForEvents, waitForState } from './browser.mjs';
import { assertVerifies, decodePayload, receiptDigest } from './receipt.mjs';

const suite = useSuite();

/** An init script: no `navigator.locks`, as in a browser without Web Locks. */
function withoutLocks() {
  Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
}

test('without Web Locks the pupil signs, the receipt is stored, and the next one chains to it', async () => {
  const { context, page } = await openForm(suite.browser, suite.server.url, { events: true, init: [withoutLocks] });
  try {
    assert.equal(await page.evaluate(() => navigator.locks), undefined, 'the init script did not remove Web Locks');
    await page.locator(box('bons-plans', 'sms')).check();
    await page.locator(SEL.submit).click();
    const [{ detail: first }] = await waitForEvents(page, 'limpide:receipt');
    await page.locator(SEL.storageSaved).waitFor();
    await page.locator(SEL.change).click();
    await waitForState(page, 'form');
    await page.locator(SEL.refuseAll).click();
    const [, { detail: second }] = await waitForEvents(page, 'limpide:receipt', 2);
    await page.locator(SEL.storageSaved).waitFor();
    const previous = decodePayload(second.receipt).payload.previous;
    assert.deepEqual(previous, { receipt_id: decodePayload(first.receipt).payload.receipt_id, digest: receiptDigest(first.receipt) });
    assert.deepEqual(await storedReceipts(page), [first.receipt, second.receipt]);
    assert.deepEqual(await events(page, 'limpide:error'), []);
    assertVerifies(second.receipt, suite.temp.dir, 'no-locks.json');
  } finally {
    await context.close();
  }
});
