// Two widgets on one page do not interfere: ids are unique across them,
// each event is dispatched on its own element, and each keeps its own
// notice's receipts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';

import { answerAge, holdNextLock, holdableLocks, openPage, storedReceipts } from './browser.mjs';
import { decodePayload } from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** An init script: records each widget event with its host's id, in window.__seen. */
function recordSeen() {
  window.__seen = [];
  for (const type of ['limpide:receipt', 'limpide:error']) {
    document.addEventListener(type, (event) => window.__seen.push({ type, host: event.target.id, detail: JSON.parse(JSON.stringify(event.detail)) }));
  }
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('two widgets on one page: unique ids, their own events, their own receipts', async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}test/two.html`, { init: [recordSeen] });
    try {
      for (const id of ['first', 'second']) {
        await page.locator(`#${id} section.limpide[data-state="form"]`).waitFor({ timeout: 20000 });
      }
      const ids = await page.evaluate(() =>
        ['first', 'second'].flatMap((id) => [...document.getElementById(id).shadowRoot.querySelectorAll('[id]')].map((e) => e.id)),
      );
      assert.ok(ids.length > 10, 'too few ids to compare');
      assert.equal(new Set(ids).size, ids.length, `ids repeat across the two widgets: ${ids.filter((id, i) => ids.indexOf(id) !== i)}`);
      // Every label points at a box of its own widget.
      const orphans = await page.evaluate(() =>
        ['first', 'second'].flatMap((id) => {
          const root = document.getElementById(id).shadowRoot;
          return [...root.querySelectorAll('label[for]')].filter((l) => !root.getElementById(l.htmlFor)).map((l) => l.htmlFor);
        }),
      );
      assert.deepEqual(orphans, []);

      await page.locator('#second [data-action="refuse-all"]').click();
      await page.locator('#second section.limpide[data-state="summary"]').waitFor();
      await page.locator('#first [data-action="refuse-all"]').click();
      await page.locator('#first section.limpide[data-state="summary"]').waitFor();
      const seen = await page.evaluate(() => window.__seen);
      assert.deepEqual(seen.map((e) => `${e.type}@${e.host}`), ['limpide:receipt@second', 'limpide:receipt@first']);
      const notices = seen.map((e) => decodePayload(e.detail.receipt).payload.notice.id);
      assert.deepEqual(notices, ['pass-region-no-channel', 'pass-region']);
      assert.equal((await storedReceipts(page, 'pass-region')).length, 1);
      assert.equal((await storedReceipts(page, 'pass-region-no-channel')).length, 1);
      // Both receipts were signed by the one subject key of this browser.
      const kids = seen.map((e) => JSON.parse(Buffer.from(e.detail.receipt.signatures[0].protected, 'base64url')).kid);
      assert.equal(kids[0], kids[1]);
    } finally {
      await context.close();
    }
  });

  test('two widgets of the same notice on one page: one chain, each shows the other\'s receipt', async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}test/two.html`);
    try {
      await page.evaluate(() => document.getElementById('second').setAttribute('notice', '/notices/pass-region.json'));
      for (const id of ['first', 'second']) {
        await page.locator(`#${id} section.limpide[data-state="form"] input[data-purpose]`).first().waitFor({ timeout: 20000 });
      }
      await answerAge(page, 'at-or-over');
      await page.locator('#first input[data-purpose="enquetes"]').check();
      await page.locator('#first [data-action="submit"]').click();
      await page.locator('#first section.limpide[data-state="summary"]').waitFor();
      // The other widget refreshes its history and boxes without a reload.
      await page.locator('#second [data-history] li').first().waitFor();
      assert.ok(await page.locator('#second input[data-purpose="enquetes"]').isChecked());

      await page.locator('#second [data-action="refuse-all"]').click();
      await page.locator('#second section.limpide[data-state="summary"]').waitFor();
      const [first, second] = (await storedReceipts(page, 'pass-region')).map((r) => decodePayload(r).payload);
      assert.equal(second.previous?.receipt_id, first.receipt_id, 'the second widget did not chain to the first one\'s receipt');
      await page.locator('#first [data-history] li').nth(1).waitFor();
    } finally {
      await context.close();
    }
  });

  test('two first receipts signed at once share the one subject key (the key lock is forced to be contended)', async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}test/two.html`, { init: [holdableLocks] });
    try {
      for (const id of ['first', 'second']) {
        await page.locator(`#${id} section.limpide[data-state="form"]`).waitFor({ timeout: 20000 });
      }
      // The first widget makes the browser's subject key while holding its
      // lock; the second signs meanwhile and must wait, then find that key
      // rather than make a second one.
      const held = await holdNextLock(page, 'limpide:subject-key');
      await page.locator('#first [data-action="refuse-all"]').click();
      await held.acquired();
      await page.locator('#second [data-action="refuse-all"]').click();
      await held.waitedFor();
      await held.release();
      for (const id of ['first', 'second']) {
        await page.locator(`#${id} section.limpide[data-state="summary"]`).waitFor();
      }
      const receipts = [...(await storedReceipts(page, 'pass-region')), ...(await storedReceipts(page, 'pass-region-no-channel'))];
      assert.equal(receipts.length, 2);
      const kids = receipts.map((r) => JSON.parse(Buffer.from(r.signatures[0].protected, 'base64url')).kid);
      assert.equal(kids[0], kids[1], 'two subject keys were made for one browser');
      const storage = receipts.map((r) => decodePayload(r).payload.collection.key_storage);
      assert.deepEqual(storage, ['webcrypto-indexeddb', 'webcrypto-indexeddb']);
    } finally {
      await context.close();
    }
  });
});
