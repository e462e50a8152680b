// A stored receipt that no longer verifies (changed or damaged on the
// device) is said to be ignored, and is never dropped: the next receipt is
// added after it, and the stored list keeps it byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { SEL, openForm, storedReceipts, waitForEvents, waitForForm } from './browser.mjs';
import { decodePayload } from './receipt.mjs';

const suite = useSuite();

/** In the page: replaces the stored list of `noticeId` by `entries`. */
function storeEntries([noticeId, entries]) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('limpide', 2);
    open.onupgradeneeded = () => {
      for (const name of ['keys', 'receipts']) open.result.createObjectStore(name);
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('receipts', 'readwrite');
      tx.objectStore('receipts').put(JSON.stringify(entries), noticeId);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onabort = () => reject(tx.error);
    };
  });
}

test('a stored receipt that fails verification is shown as ignored and kept on the next write', async () => {
  const { context, page } = await openForm(suite.browser, suite.server.url, { events: true });
  try {
    // A genuine receipt of this browser, then altered where it is kept.
    await page.locator(SEL.refuseAll).click();
    const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
    const damaged = structuredClone(detail.receipt);
    damaged.signatures[0].signature = damaged.signatures[0].signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await page.evaluate(storeEntries, ['pass-region', [damaged]]);

    await page.reload();
    await waitForForm(page);
    const alert = page.locator('[data-history] ~ .limpide-error, .limpide-error[role="alert"]');
    await alert.first().waitFor();
    assert.match(await alert.first().innerText(), /^1 /);
    // Ignored: the form does not start from it, and the next receipt does not chain to it.
    await page.locator(SEL.refuseAll).click();
    // The page was reloaded: its first receipt event.
    const [{ detail: next }] = await waitForEvents(page, 'limpide:receipt', 1);
    assert.equal(decodePayload(next.receipt).payload.previous, undefined, 'the next receipt chains to a damaged one');
    const stored = await storedReceipts(page);
    assert.deepEqual(stored, [damaged, next.receipt], 'the damaged entry was dropped or changed');
  } finally {
    await context.close();
  }
});
