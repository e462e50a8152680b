// My consents (www/receipts.html): the receipts this device keeps, after
// several receipts and a withdrawal; all of them exported as one file and
// imported into a fresh profile, after which the form continues that
// chain; a tampered file refused with nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { SEL, box, gotoOk, newContext, openTab, recordEvents, signWith, waitForForm, waitForReady } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';
import { cli, decodePayload } from './receipt.mjs';
import { DEMO_CONTROLLER_KEY } from './endpoint.mjs';
import { root } from './server.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** Opens My consents and waits until it has read what the device keeps. */
async function openReceipts(page) {
  await gotoOk(page, `${suite.server.url}receipts.html`);
  await waitForReady(page);
}

/** Gives the import form a file of `text` (through a DataTransfer: both engines) and imports it. */
async function importText(page, text) {
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'receipts.json', { type: 'application/json' }));
    const input = document.getElementById('import-file');
    input.files = transfer.files;
    delete document.getElementById('import-result').dataset.outcome;
  }, text);
  await page.locator('#import-form button[type="submit"]').click();
  await page.waitForFunction(() => document.getElementById('import-result').dataset.outcome !== undefined, null, { timeout: 15000 });
  return { outcome: await page.locator('#import-result').getAttribute('data-outcome'), text: await page.locator('#import-result').innerText() };
}

/** What the device keeps for the demo's notice, as stored (the widget's IndexedDB). */
function keptText(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('limpide', 2);
        open.onsuccess = () => {
          const get = open.result.transaction('receipts').objectStore('receipts').get('pass-region');
          get.onsuccess = () => resolve(get.result ?? null);
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('a joint receipt (a pupil under 15 with a parent) is imported and listed as confirmed with a parent; one without the parent\'s signature is refused', async () => {
    const context = await newContext(suite.browser);
    try {
      const page = await context.newPage();
      await openReceipts(page);
      const joint = readFileSync(join(root, 'docs', 'examples', 'receipt-joint.json'), 'utf8');
      const imported = await importText(page, joint);
      assert.equal(imported.outcome, 'imported', imported.text);
      const item = page.locator('[data-notice="pass-college"] [data-receipts] li').first();
      assert.match(await item.innerText(), /confirmé avec un parent ou tuteur/);
      // The same payload with the pupil's signature only.
      const value = JSON.parse(joint);
      const alone = JSON.stringify({ payload: value.payload, signatures: [value.signatures[0]] });
      const refused = await importText(page, alone);
      assert.equal(refused.outcome, 'refused', refused.text);
      assert.match(refused.text, /guardian's signature/);
      await assertNoViolations(page, null, 'My consents with a joint receipt');
    } finally {
      await context.close();
    }
  });

  test('My consents after a grant and its withdrawal; the export imported into a fresh profile, whose form then continues the chain; a tampered file refused', async () => {
    const first = await newContext(suite.browser);
    await recordEvents(first);
    const fresh = await newContext(suite.browser);
    await recordEvents(fresh);
    try {
      // Two receipts on the first device: bons-plans by SMS granted, then withdrawn.
      const page = await openTab(first, suite.server.url);
      await page.locator(box('bons-plans', 'sms')).check();
      const granted = await signWith(page, SEL.submit, 0);
      await page.locator(SEL.change).click();
      await waitForForm(page);
      const withdrawn = await signWith(page, SEL.refuseAll, 1);
      assert.equal(decodePayload(withdrawn).payload.previous.receipt_id, decodePayload(granted).payload.receipt_id);

      const mine = await first.newPage();
      await openReceipts(mine);
      const section = mine.locator('[data-notice="pass-region"]');
      assert.equal(await section.locator('[data-receipts] li').count(), 2);
      assert.equal(await mine.locator('[data-now] [data-box="bons-plans:sms"]').getAttribute('data-decision'), 'refused');
      const history = await section.locator('[data-history]').innerText();
      // The purpose by its title, the times local and readable, never raw.
      assert.match(history, /Recevoir les bons plans des partenaires du pass — par SMS : accordé le [^;]+ ; retiré le /);
      assert.doesNotMatch(history, /bons-plans|\d{4}-\d{2}-\d{2}T/);
      const listed = await section.locator('[data-receipts] li').evaluateAll((items) => items.map((i) => i.dataset.issuedAt));
      const issued = [withdrawn, granted].map((r) => decodePayload(r).payload.issued_at);
      assert.deepEqual(listed, issued, 'the receipts are not listed newest first');
      await assertNoViolations(mine, null, 'My consents with two receipts');
      const [download] = await Promise.all([mine.waitForEvent('download', { timeout: 10000 }), mine.locator('#download-all').click()]);
      const exported = readFileSync(await download.path(), 'utf8');
      assert.equal(JSON.parse(exported).length, 2);

      // Changing a choice from My consents: the form, in place, signs a third receipt of the chain.
      await mine.locator('[data-notice="pass-region"] [data-change]').click();
      await waitForForm(mine);
      await mine.locator(box('enquetes', 'email')).check();
      const changed = await signWith(mine, SEL.submit, 0);
      assert.equal(decodePayload(changed).payload.previous.receipt_id, decodePayload(withdrawn).payload.receipt_id);
      await mine.waitForFunction(() => document.querySelectorAll('[data-notice="pass-region"] [data-receipts] li').length === 3, null, { timeout: 15000 });
      assert.equal(await mine.locator('[data-now] [data-box="enquetes:email"]').getAttribute('data-decision'), 'granted');

      // The controller's countersignature, imported: with a key the notice lists, it counts; with another, it does not.
      const receiptFile = join(suite.temp.dir, 'changed.json');
      writeFileSync(receiptFile, JSON.stringify(changed));
      const countersigned = execFileSync(cli(), ['countersign', receiptFile, '--key', DEMO_CONTROLLER_KEY], { encoding: 'utf8' });
      const completed = await importText(mine, countersigned);
      assert.match(completed.text, /0 reçu\(s\) importé\(s\), 0 déjà gardé\(s\), 1 complété\(s\) d'une contresignature/);
      const latest = mine.locator('[data-notice="pass-region"] [data-receipts] li').first();
      assert.match(await latest.innerText(), /contresigné par le responsable, avec une clé que la notice publie/);

      // A fresh profile (a new phone): nothing kept, then the export imported.
      const other = await fresh.newPage();
      await openReceipts(other);
      assert.match(await other.locator('#notices').innerText(), /Aucun reçu/);
      await assertNoViolations(other, null, 'My consents, empty');
      const tampered = exported.replace(/"signature":"(.)/, (_m, c) => `"signature":"${c === 'A' ? 'B' : 'A'}`);
      const refused = await importText(other, tampered);
      assert.equal(refused.outcome, 'refused', refused.text);
      assert.match(refused.text, /Fichier refusé, rien n'a été changé/);
      assert.equal(await keptText(other), null, 'a refused import changed what is kept');
      await assertNoViolations(other, null, 'My consents after a refused import');
      const imported = await importText(other, exported);
      assert.equal(imported.outcome, 'imported', imported.text);
      assert.match(imported.text, /2 reçu\(s\) importé\(s\), 0 déjà gardé\(s\)/);
      const again = await importText(other, exported);
      assert.match(again.text, /0 reçu\(s\) importé\(s\), 2 déjà gardé\(s\)/);
      const keptAfter = await keptText(other);
      assert.equal(JSON.parse(keptAfter).length, 2);
      assert.equal(await importText(other, tampered).then((r) => r.outcome), 'refused');
      assert.equal(await keptText(other), keptAfter, 'a refused import changed what is kept');

      // The form on the new phone continues the imported chain.
      const form = await openTab(fresh, suite.server.url);
      const next = await signWith(form, SEL.refuseAll, 0);
      const { previous } = decodePayload(next).payload;
      assert.equal(previous.receipt_id, decodePayload(withdrawn).payload.receipt_id, 'the form did not continue the imported chain');

      // A countersignature by a key the notice does not list is kept, and said not to be the controller's.
      const strangerKey = join(suite.temp.dir, `stranger-${engine}.jwk`);
      execFileSync(cli(), ['keygen', '--out', strangerKey], { stdio: 'ignore' });
      const nextFile = join(suite.temp.dir, `next-${engine}.json`);
      writeFileSync(nextFile, JSON.stringify(next));
      const byStranger = execFileSync(cli(), ['countersign', nextFile, '--key', strangerKey], { encoding: 'utf8' });
      await openReceipts(other);
      await importText(other, byStranger);
      const newest = other.locator('[data-notice="pass-region"] [data-receipts] li').first();
      assert.match(await newest.innerText(), /contresigné par une clé que la notice ne publie pas/);
    } finally {
      await first.close();
      await fresh.close();
    }
  });
});
