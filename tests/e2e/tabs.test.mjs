// Two open tabs must not fork the chain: a new receipt chains to the latest
// stored one at the moment it is signed, and the other tab refreshes. Two
// pages of ONE context (same origin storage) on the demo: A signs, B (open,
// untouched) refreshes without a reload; B then signs, chained to A's; then
// both sign at nearly the same time, and the stored chain stays linear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  SEL,
  assertNoLeaks,
  box,
  boxStates,
  holdNextLock,
  holdableLocks,
  openForm,
  openTab,
  problemsOf,
  storedReceipts,
  waitForEvents,
  waitForForm,
  waitForState,
} from './browser.mjs';
import {
  assertDecisions,
  assertVerifiesFile,
  decodePayload,
  expectedStates,
  key,
  receiptDigest,
} from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** Waits until `[data-history] li` counts `n` in `page`. */
async function waitForHistory(page, n, what) {
  try {
    await page.waitForFunction(
      (count) => document.querySelector('#limpide-demo')?.shadowRoot?.querySelectorAll('[data-history] li').length === count,
      n,
      { timeout: 10000 },
    );
  } catch (error) {
    const now = await page.locator(SEL.history).count();
    throw new Error(`${what}: [data-history] li counts ${now}, expected ${n}\nproblems:${problemsOf(page)}`, { cause: error });
  }
}

const previousOf = (receipt) => decodePayload(receipt).payload.previous;
const idOf = (receipt) => decodePayload(receipt).payload.receipt_id;
const link = (receipt) => ({ receipt_id: idOf(receipt), digest: receiptDigest(receipt) });

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('two tabs: the other tab refreshes, a receipt chains to the latest, and a race does not fork the chain', async () => {
    const { context, page: a } = await openForm(suite.browser, suite.server.url, { events: true, init: [holdableLocks] });
    try {
      const b = await openTab(context, suite.server.url);
      // Marks B's document: a reload would lose it.
      await b.evaluate(() => {
        window.__notReloaded = true;
      });
      assert.equal(await b.locator(SEL.history).count(), 0);

      // A signs one box.
      const ticked = [key('bons-plans', 'sms')];
      await a.locator(box('bons-plans', 'sms')).check();
      await a.locator(SEL.submit).click();
      const [{ detail: { receipt: first } }] = await waitForEvents(a, 'limpide:receipt', 1);
      await waitForState(a, 'summary');
      assertDecisions(decodePayload(first).payload, ticked);
      assert.equal(previousOf(first), undefined);

      // B, untouched, refreshes without a reload: history and boxes.
      await waitForHistory(b, 1, 'tab B after tab A signed');
      assert.equal(await b.evaluate(() => window.__notReloaded), true, 'tab B was reloaded');
      await waitForState(b, 'form');
      assert.deepEqual(await boxStates(b), expectedStates(ticked), 'tab B does not show tab A\'s choice');

      // B changes a box and signs: chained to A's receipt.
      await b.locator(box('enquetes', 'email')).check();
      await b.locator(SEL.submit).click();
      const [{ detail: { receipt: second } }] = await waitForEvents(b, 'limpide:receipt', 1);
      await waitForState(b, 'summary');
      assertDecisions(decodePayload(second).payload, [...ticked, key('enquetes', 'email')]);
      assert.deepEqual(previousOf(second), link(first), 'tab B\'s receipt does not chain to tab A\'s');
      await waitForHistory(a, 2, 'tab A after tab B signed');

      // The race, forced: A signs and is held inside the notice's lock, before
      // it reads the chain; B signs meanwhile and must queue behind it; then A
      // is let go. Without the lock both would chain to the second receipt.
      for (const page of [a, b]) {
        await page.locator(SEL.change).click();
        await waitForForm(page);
      }
      const held = await holdNextLock(a, 'limpide:pass-region');
      await a.locator(SEL.refuseAll).click();
      await held.acquired();
      await b.locator(SEL.submit).click();
      await held.waitedFor();
      await held.release();
      const third = (await waitForEvents(a, 'limpide:receipt', 2))[1].detail.receipt;
      const fourth = (await waitForEvents(b, 'limpide:receipt', 2))[1].detail.receipt;
      assert.deepEqual(previousOf(third), link(second), 'the held receipt does not chain to the second');
      assert.deepEqual(previousOf(fourth), link(third), 'the receipt that waited does not chain to the held one');
      await waitForState(a, 'summary');
      await waitForState(b, 'summary');

      const stored = await storedReceipts(a);
      assert.ok(Array.isArray(stored), 'no stored receipts');
      assert.equal(stored.length, 4, `4 receipts should be stored, found ${stored.length} (one tab overwrote the other's)`);
      const ids = stored.map(idOf);
      assert.equal(new Set(ids).size, 4, 'a receipt is stored twice');
      assert.deepEqual(new Set(ids), new Set([first, second, third, fourth].map(idOf)), 'the stored receipts are not the 4 signed ones');
      assert.deepEqual(stored.slice(0, 2).map(idOf), [idOf(first), idOf(second)]);
      assert.equal(previousOf(stored[0]), undefined);
      for (let i = 1; i < stored.length; i += 1) {
        assert.deepEqual(previousOf(stored[i]), link(stored[i - 1]), `stored receipt ${i} does not chain to receipt ${i - 1}: the chain forked`);
      }
      const previousIds = stored.slice(1).map((r) => previousOf(r).receipt_id);
      assert.equal(new Set(previousIds).size, previousIds.length, `two receipts share a previous one: ${previousIds.join(', ')}`);
      // Each tab's own event is one of the two last, and they differ in what they decided.
      assertDecisions(decodePayload(third).payload, []);
      assert.notDeepEqual(previousOf(third), previousOf(fourth), 'the racing receipts chain to the same previous one');

      // Both tabs end up listing the whole history.
      await waitForHistory(a, 4, 'tab A after the race');
      await waitForHistory(b, 4, 'tab B after the race');

      const files = stored.map((receipt, i) => {
        const file = join(suite.temp.dir, `tab-${i}.json`);
        writeFileSync(file, JSON.stringify(receipt));
        return file;
      });
      const reports = assertVerifiesFile(files);
      assert.deepEqual(reports.map((r) => r.receipt_id), ids);
      for (let i = 1; i < reports.length; i += 1) assert.equal(reports[i - 1].digest, previousOf(stored[i]).digest);
      await assertNoLeaks(context, suite.server.origin);
    } finally {
      await context.close();
    }
  });
});
