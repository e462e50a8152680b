// Whose receipt it is (issue 23, sections 1 and 2), with the real service
// (service.mjs: limpide-server, SQLite), in Chromium and Firefox ESR. The
// page's credential leaves the device only as `Authorization: Bearer` on
// POST /receipts: never in a receipt, IndexedDB, the guardian link, a
// request body, an event or the DOM. A new device (a fresh profile) of a
// pupil who already has a receipt cannot grant (`key-not-enrolled`, said in
// the form, the receipt kept pending), can withdraw, and enrolls once the
// page has an enrollment code; the first device's form then says that a new
// device was added, and the new one knows itself.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { SEL, box, events, mountUrl, openForm, storedReceipts, waitForEvents, waitForForm, waitForState, waitUntil } from './browser.mjs';
import { decodePayload } from './receipt.mjs';
import { freePort, startService } from './service.mjs';

let service;
const suite = {};

/** The static server's options, with a service of its own that its pages may call (CORS). */
async function withService() {
  const port = await freePort();
  service = await startService({ allowOrigin: `http://127.0.0.1:${port}` });
  return { port, connectSrc: [service.url] };
}

/** An init script: every fetch the page makes, recorded as the widget made it (URL, method, the proof headers, a text body). */
function recordFetches() {
  window.__fetches = [];
  const original = window.fetch;
  window.fetch = function (input, init) {
    const request = input instanceof Request ? input : null;
    const headers = new Headers(init?.headers ?? request?.headers);
    window.__fetches.push({
      url: String(request ? request.url : input),
      method: init?.method ?? request?.method ?? 'GET',
      authorization: headers.get('Authorization'),
      enrollment: headers.get('Limpide-Enrollment-Code'),
      body: typeof init?.body === 'string' ? init.body : null,
    });
    return original.call(this, input, init);
  };
}

/** In the page: everything it keeps (every IndexedDB store of `limpide`, Web Storage, cookies) and shows (the DOM, the shadow root's too), as text. */
async function everythingKept() {
  const stores = await new Promise((resolve) => {
    const open = indexedDB.open('limpide');
    open.onerror = () => resolve([]);
    open.onsuccess = async () => {
      const db = open.result;
      const read = (name) => new Promise((done) => {
        const store = db.transaction(name).objectStore(name);
        const values = store.getAll();
        const keys = store.getAllKeys();
        values.onsuccess = () => (keys.readyState === 'done' ? done([keys.result, values.result]) : (keys.onsuccess = () => done([keys.result, values.result])));
      });
      const all = [];
      for (const name of db.objectStoreNames) all.push(await read(name));
      db.close();
      resolve(all);
    };
  });
  const host = document.getElementById('host');
  return JSON.stringify({
    stores,
    local: { ...localStorage },
    session: { ...sessionStorage },
    cookies: document.cookie,
    dom: document.documentElement.outerHTML,
    shadow: host?.shadowRoot?.innerHTML ?? '',
    address: location.href,
  });
}

/** The mount page for `notice` in `lang`, with the service as endpoint and these options. */
function pageFor(notice, lang, options) {
  const query = new URLSearchParams({ endpoint: `${service.url}/receipts`, ...options });
  return `${mountUrl(suite.server, notice, lang)}&${query}`;
}

const signers = (receipt) =>
  receipt.signatures.map((s) => JSON.parse(Buffer.from(s.protected, 'base64url').toString('utf8')).role);

eachEngine((engine) => {
  useSuite({ engine, server: withService }, suite);
  after(() => service?.stop());

  test('the credential is sent as Authorization on POST /receipts, and is nowhere else: receipt, storage, guardian link, bodies, events, DOM', async () => {
    const pupil = `eleve-credential-${engine}`;
    const credential = service.credentialFor(pupil);
    const { context, page } = await openForm(suite.browser, pageFor('/notices/pass-region.json', 'en', { subject: pupil, credential }), { events: true, init: [recordFetches] });
    try {
      await page.locator(box('bons-plans', 'sms')).check();
      await page.locator(SEL.submit).click();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      await page.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
      assert.equal(decodePayload(detail.receipt).payload.subject, pupil, 'the receipt names the pupil by the bare id');
      const fetches = await page.evaluate(() => window.__fetches);
      const firstKept = await page.evaluate(everythingKept);
      const firstEvents = JSON.stringify(await events(page));

      // Joint consent on the same page: the guardian link.
      await page.goto(pageFor('/notices/pass-college.json', 'en', { subject: pupil, credential }));
      await waitForForm(page, 20000, { age: 'under' });
      await page.locator(box('enquetes', 'email')).check();
      await page.locator(SEL.submit).click();
      await waitForState(page, 'pending');
      const link = await page.locator('input[data-guardian-link]').inputValue();
      assert.match(link, /#limpide-guardian=/);
      assert.ok(!link.includes(credential), 'the guardian link carries the credential');

      fetches.push(...(await page.evaluate(() => window.__fetches)));
      const posts = fetches.filter((f) => f.method === 'POST' && f.url === `${service.url}/receipts`);
      assert.ok(posts.length >= 1, 'no receipt was posted');
      for (const post of posts) assert.equal(post.authorization, `Bearer ${credential}`, 'a receipt posted without the credential');
      for (const f of fetches) {
        assert.ok(!(f.body ?? '').includes(credential), `the credential in the body of ${f.method} ${f.url}`);
        assert.ok(!f.url.includes(credential), `the credential in the address of ${f.method} ${f.url}`);
        if (f.url !== `${service.url}/receipts`) assert.equal(f.authorization, null, `the credential sent to ${f.url}`);
      }
      // The widget has no relay client: nothing went to /guardian-requests.
      assert.deepEqual(fetches.filter((f) => f.url.includes('/guardian-requests')), []);
      for (const kept of [firstKept, await page.evaluate(everythingKept)]) {
        assert.ok(kept.includes(pupil), 'the dump reads the stored receipts');
        assert.ok(!kept.includes(credential), 'the credential is kept or shown on the device');
      }
      for (const said of [firstEvents, JSON.stringify(await events(page))]) {
        assert.ok(!said.includes(credential), 'the credential in an event');
      }
    } finally {
      await context.close();
    }
  });

  test('a new device cannot grant (key-not-enrolled, said in the form, kept pending), can withdraw, and enrolls with a code; the first device then sees it', async () => {
    const pupil = `eleve-new-device-${engine}`;
    const first = await openForm(suite.browser, pageFor('/notices/pass-region.json', 'en', { subject: pupil, credential: service.credentialFor(pupil) }), { events: true });
    const second = await openForm(suite.browser, pageFor('/notices/pass-region.json', 'fr', { subject: pupil, credential: service.credentialFor(pupil) }), { events: true });
    try {
      await first.page.locator(box('bons-plans', 'sms')).check();
      await first.page.locator(SEL.submit).click();
      await first.page.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });

      // The new device grants what the pupil's latest receipt does not.
      await second.page.locator(box('messages-institutionnels', 'sms')).check();
      await second.page.locator(SEL.submit).click();
      const refusal = second.page.locator('[data-refusal="key-not-enrolled"][role="alert"]');
      await refusal.waitFor({ timeout: 15000 });
      assert.match(await refusal.textContent(), /pas encore relié à votre compte/);
      await second.page.locator('[data-ack="not-acknowledged"]').waitFor();
      assert.ok((await events(second.page, 'limpide:error')).some((e) => e.detail.code === 'key-not-enrolled'));
      const [pending] = await storedReceipts(second.page);
      assert.deepEqual(signers(pending), ['subject'], 'the refused receipt is kept, not acknowledged');

      // Withdrawing (narrowing) works from it.
      await second.page.locator(SEL.change).click();
      await waitForForm(second.page);
      await second.page.locator(SEL.refuseAll).click();
      await waitForEvents(second.page, 'limpide:receipt', 2);
      await second.page.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
      assert.equal(await second.page.locator('[data-refusal]').count(), 0, 'the refusal is still said after a withdrawal went through');
      // Opened again without a code: the older grant is refused again (the
      // embedder hears it), but the pupil's latest choice went through, so
      // the form does not say their choice waits.
      await second.page.reload();
      await waitForForm(second.page);
      const refusals = ['credential-required', 'key-not-enrolled'];
      await waitUntil(async () => (await events(second.page, 'limpide:error')).some((e) => refusals.includes(e.detail.code)), 15000, () => 'the pending grant was not sent again on open');
      assert.equal(await second.page.locator('[data-refusal]').count(), 0, 'a superseded refusal is said as if the latest choice waited');

      // Mounted again with an enrollment code: the pending grant is sent and the device enrolls.
      const code = await service.enrollmentCodeFor(pupil);
      await second.page.goto(pageFor('/notices/pass-region.json', 'fr', { subject: pupil, credential: service.credentialFor(pupil), enrollmentCode: code }));
      await waitForForm(second.page);
      await waitUntil(async () => {
        const kept = (await storedReceipts(second.page)) ?? [];
        return kept.length === 2 && kept.every((r) => signers(r).includes('controller'));
      }, 15000, () => 'the new device\'s pending grant was not acknowledged once it had a code');
      assert.equal(await second.page.locator('[data-refusal]').count(), 0);

      // The first device is told, on its next open; the new one knows itself.
      await first.page.goto(pageFor('/notices/pass-region.json', 'en', { subject: pupil, credential: service.credentialFor(pupil) }));
      const added = first.page.locator('[data-devices] li');
      await added.first().waitFor({ timeout: 15000 });
      assert.equal(await added.count(), 1);
      assert.match(await added.textContent(), /^A new device was added on .+\.$/);
      assert.equal(await first.page.locator('[data-devices] [data-this-device]').count(), 0);
      await second.page.reload();
      const self = second.page.locator('[data-devices] li[data-this-device]');
      await self.waitFor({ timeout: 15000 });
      assert.match(await self.textContent(), /^Un nouvel appareil a été ajouté le .+ \(cet appareil\)\.$/);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });
});
