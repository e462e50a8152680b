// The controller's transparency log, end to end in each engine with the
// real service (service.mjs, its log signed by the demo log key) and the
// demo notice, which lists that key (format 3): a pupil grants; the receipt is
// acknowledged; the form keeps its proof from the log in the background;
// My consents checks it and says where the receipt is in the log; the
// printed page carries that position and the checkpoint's digest; the
// verify page accepts the proof and refuses a tampered one, as seriously as
// a forged signature.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { SEL, gotoOk, mountUrl, openForm, waitForEvents, waitForReady } from './browser.mjs';
import { freePort, startService } from './service.mjs';

let service;
const suite = {};

/** The static server's options, with the service (its log signed by the demo log key). */
async function withService() {
  const port = await freePort();
  service = await startService({ allowOrigin: `http://127.0.0.1:${port}` });
  return { port, connectSrc: [service.url] };
}

/** What the device keeps of its acknowledged receipt: its text and its place in the log, once its proof came. */
async function keptWithProof(page) {
  for (let tries = 0; tries < 100; tries++) {
    const kept = await page.evaluate(readKept);
    if (kept) return kept;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no proof kept within 20 s');
}

/** In the page: the last kept receipt and its place in the log, once it has a proof; else null. */
async function readKept() {
  const db = await new Promise((ok, fail) => {
    const open = indexedDB.open('limpide', 2);
    open.onsuccess = () => ok(open.result);
    open.onerror = () => fail(open.error);
  });
  const get = (key) => new Promise((ok, fail) => {
    const r = db.transaction('receipts', 'readonly').objectStore('receipts').get(key);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  try {
    const list = JSON.parse((await get('pass-region')) ?? '[]');
    const receipt = list.at(-1);
    if (!receipt || receipt.signatures.length < 2) return null;
    const id = JSON.parse(atob(receipt.payload.replace(/-/g, '+').replace(/_/g, '/'))).receipt_id;
    const place = JSON.parse((await get(`log:${id}`)) ?? 'null');
    return place?.proof ? { receipt: JSON.stringify(receipt), ...place } : null;
  } finally {
    db.close();
  }
}

eachEngine((engine) => {
  useSuite({ engine, server: withService }, suite);
  after(async () => {
    await service?.stop();
  });

  test('a receipt in the log: kept with its proof, said in My consents, printed with its position, its proof checked on the verify page and a tampered one refused', async () => {
    const pupil = `eleve-log-${engine}`;
    const query = new URLSearchParams({ endpoint: `${service.url}/receipts`, subject: pupil, credential: service.credentialFor(pupil) });
    const { context, page } = await openForm(suite.browser, `${mountUrl(suite.server, '/notices/pass-region.json', 'fr')}&${query}`, { events: true });
    try {
      await page.locator('[data-purpose="bons-plans"][data-channel="sms"]').check();
      await page.locator(SEL.submit).click();
      await waitForEvents(page, 'limpide:receipt');
      await page.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
      // The pupil was never held up: the proof comes in the background.
      const kept = await keptWithProof(page);
      assert.equal(typeof kept.index, 'number');
      assert.match(kept.proof, /^c2sp\.org\/tlog-proof@v1\nindex \d+\n/);

      // My consents checks it against the kept notice's log key.
      await gotoOk(page, `${suite.server.url}receipts.html`);
      await waitForReady(page);
      const said = page.locator('[data-log]');
      await said.waitFor();
      assert.equal(await said.getAttribute('data-log'), 'logged');
      assert.match(await said.innerText(), new RegExp(`Inscrit dans le registre public du responsable, à la position ${kept.index}, le `));

      // The printed copy carries the position and the checkpoint's digest.
      const print = await page.locator('[data-print]').getAttribute('href');
      await gotoOk(page, `${suite.server.url}${print}`);
      await waitForReady(page);
      const position = page.locator('[data-log="logged"]');
      await position.waitFor();
      assert.equal(await position.getAttribute('data-log-index'), String(kept.index));
      assert.match(await page.locator('[data-checkpoint]').innerText(), /empreinte [A-Za-z0-9_-]{43}/);

      // The verify page: the receipt, its notice, its proof.
      const verifyWith = async (proof) => {
        await gotoOk(page, `${suite.server.url}verify.html`);
        await page.locator('#receipt-text').fill(kept.receipt);
        await page.locator('#notice-url').fill(`${suite.server.url}notices/pass-region.json`);
        await page.locator('#proof-text').fill(proof);
        await page.locator('#verify-form button[type="submit"]').click();
        const line = page.locator('#result-body [data-log]');
        await line.waitFor();
        return { state: await line.getAttribute('data-log'), text: await line.innerText() };
      };
      const holds = await verifyWith(kept.proof);
      assert.equal(holds.state, 'logged', holds.text);
      assert.match(holds.text, new RegExp(`à la position ${kept.index} `));
      const moved = kept.proof.replace(`index ${kept.index}\n`, `index ${kept.index + 1}\n`);
      const refused = await verifyWith(moved);
      assert.equal(refused.state, 'broken', refused.text);
      assert.match(refused.text, /ne tient pas/);
      // A checkpoint whose size was changed under its signature: the log's key did not sign it.
      const lines = kept.proof.split('\n');
      const sizeAt = lines.findIndex((line, i) => i > 0 && lines[i - 1] === 'limpide-demo.example/log');
      lines[sizeAt] = String(Number(lines[sizeAt]) + 1);
      const forged = await verifyWith(lines.join('\n'));
      assert.equal(forged.state, 'broken', forged.text);
      assert.match(forged.text, /signature/);
    } finally {
      await context.close();
    }
  });
});
