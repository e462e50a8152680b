// The optional receipt endpoint: the receipt is POSTed as application/jose+json;
// a countersigned answer replaces the stored receipt and the pupil is told the
// controller acknowledged it; a failing endpoint or a forged countersignature
// leaves the local receipt as it was, not acknowledged, sent again on a later
// open; so does one that never answers, after a timeout.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import {
  SEL,
  denyStorage,
  events,
  gotoOk,
  mountUrl,
  openForm,
  storedReceipts,
  waitForEvents,
  waitForForm,
} from './browser.mjs';
import { assertVerifies, decodePayload } from './receipt.mjs';
import { controllerEndpoint } from './endpoint.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};
let controller;

/** The server's options, with a fresh controller endpoint (useSuite makes it at set-up). */
function withController() {
  controller = controllerEndpoint();
  return { handler: controller.handler };
}

const roles = (receipt) =>
  receipt.signatures.map((s) => JSON.parse(Buffer.from(s.protected, 'base64url').toString('utf8')).role);
const endpointPage = (endpoint) => `${mountUrl(suite.server, '/notices/pass-region.json', 'en')}&endpoint=${encodeURIComponent(endpoint)}`;

eachEngine((engine) => {
  useSuite({ engine, server: withController }, suite);
  after(() => controller?.cleanup());

  test('a countersigning endpoint: the stored receipt is the acknowledged one, and the pupil is told', async () => {
    const { context, page: tab } = await openForm(suite.browser, endpointPage('/endpoint/countersign'));
    try {
      await tab.locator(SEL.refuseAll).click();
      const [{ detail }] = await waitForEvents(tab, 'limpide:receipt');
      await tab.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
      const sent = controller.received.at(-1);
      assert.equal(sent.type, 'application/jose+json');
      assert.deepEqual(JSON.parse(sent.body), detail.receipt, 'what was posted is not the signed receipt');
      const [stored] = await storedReceipts(tab);
      assert.deepEqual(roles(stored), ['subject', 'controller']);
      assert.equal(stored.payload, detail.receipt.payload);
      assertVerifies(stored, suite.temp.dir, 'acknowledged.json');
      await tab.locator('[data-history] [data-acknowledged]').first().waitFor();
      // The download is the countersigned copy.
      const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator(SEL.download).click()]);
      assert.deepEqual(roles(JSON.parse(readFileSync(await download.path(), 'utf8'))), ['subject', 'controller']);
    } finally {
      await context.close();
    }
  });

  const ENDPOINT_MISBEHAVIOUR = {
    fail: 'fails',
    forged: 'forges its countersignature',
    stranger: 'countersigns with a key the notice does not list',
    hang: 'never answers (the widget gives up after 10 s)',
  };

  for (const mode of ['fail', 'forged', 'stranger', 'hang']) {
    test(`an endpoint that ${ENDPOINT_MISBEHAVIOUR[mode]}: the local receipt stays, not acknowledged, and is sent again on a later open`, async () => {
      const { context, page: tab } = await openForm(suite.browser, endpointPage(`/endpoint/${mode}`));
      try {
        await tab.locator(SEL.refuseAll).click();
        const [{ detail }] = await waitForEvents(tab, 'limpide:receipt');
        if (mode === 'hang') await tab.locator('[data-ack="sending"]').waitFor();
        await tab.locator('[data-ack="not-acknowledged"]').waitFor({ timeout: 15000 });
        if (mode === 'hang') {
          // The widget gives up 10 s after posting (src/endpoint/send.rs), measured
          // from the post's arrival: not sooner, and not much later.
          const posted = controller.received.findLast((r) => r.mode === 'hang').at;
          const waited = Date.now() - posted;
          assert.ok(waited >= 9800 && waited <= 11500, `the widget gave up after ${waited} ms, not 10 s`);
        }
        const codes = (await events(tab, 'limpide:error')).map((e) => e.detail.code);
        const refused = mode === 'forged' || mode === 'stranger';
        assert.deepEqual(codes, [refused ? 'endpoint-invalid' : 'endpoint-failed']);
        const [stored] = await storedReceipts(tab);
        assert.deepEqual(stored, detail.receipt, 'the local receipt was changed');
        assert.deepEqual(roles(stored), ['subject']);
        assert.equal(await tab.locator('[data-history] [data-acknowledged]').count(), 0);

        // Later, the endpoint works: opening the form sends it again.
        const before = controller.received.length;
        await gotoOk(tab, endpointPage('/endpoint/countersign'));
        await waitForForm(tab);
        await tab.locator('[data-history] [data-acknowledged]').first().waitFor({ timeout: 15000 });
        assert.equal(controller.received.length, before + 1);
        const [resent] = await storedReceipts(tab);
        assert.deepEqual(roles(resent), ['subject', 'controller']);
        assert.equal(decodePayload(resent).payload.receipt_id, decodePayload(detail.receipt).payload.receipt_id);
        assertVerifies(resent, suite.temp.dir, `resent-${mode}.json`);
      } finally {
        await context.close();
      }
    });
  }

  test('without an endpoint nothing is posted anywhere', async () => {
    const before = controller.received.length;
    const posts = () => suite.server.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD').length;
    const postsBefore = posts();
    const { context, page: tab } = await openForm(suite.browser, mountUrl(suite.server, '/notices/pass-region.json', 'en'));
    try {
      await tab.locator(SEL.refuseAll).click();
      await waitForEvents(tab, 'limpide:receipt');
      await tab.locator('[data-summary]').waitFor();
      assert.equal(controller.received.length, before);
      assert.equal(posts(), postsBefore);
      assert.equal(await tab.locator('[data-ack]').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('two widgets of one notice opened together send an unacknowledged receipt once, not twice', async () => {
    // A receipt the controller did not acknowledge (the endpoint failed).
    const { context, page: tab } = await openForm(suite.browser, endpointPage('/endpoint/fail'));
    try {
      await tab.locator(SEL.refuseAll).click();
      await tab.locator('[data-ack="not-acknowledged"]').waitFor({ timeout: 15000 });

      // The same origin, later: a page with two widgets of that notice and a
      // working endpoint (both attributes set in one task).
      const posted = () => controller.received.filter((r) => r.mode === 'countersign').length;
      const before = posted();
      await gotoOk(tab, `${suite.server.url}test/two.html`);
      await tab.evaluate(() => {
        for (const id of ['first', 'second']) {
          const element = document.getElementById(id);
          element.setAttribute('notice', '/notices/pass-region.json');
          element.setAttribute('endpoint', '/endpoint/countersign');
        }
      });
      for (const id of ['first', 'second']) {
        await tab.locator(`#${id} [data-history] [data-acknowledged]`).first().waitFor({ timeout: 15000 });
      }
      // Both widgets have settled on the acknowledged receipt; a second post
      // would have been sent before either showed it (each sends on open).
      assert.equal(posted() - before, 1, 'the receipt was sent more than once');
      const [stored] = await storedReceipts(tab);
      assert.deepEqual(roles(stored), ['subject', 'controller']);
    } finally {
      await context.close();
    }
  });

  test('with storage blocked, a countersigning endpoint: the pupil is told it was acknowledged and keeps the countersigned copy', async () => {
    const { context, page: tab } = await openForm(suite.browser, endpointPage('/endpoint/countersign'), { init: [denyStorage] });
    try {
      await tab.locator(SEL.refuseAll).click();
      await tab.locator('[data-storage="failed"]').waitFor();
      await tab.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
      const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator(SEL.download).click()]);
      const kept = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(roles(kept), ['subject', 'controller']);
      assertVerifies(kept, suite.temp.dir, 'acknowledged-unsaved.json');
      // Back on the form, the history's copy is the countersigned one too.
      await tab.locator(SEL.change).click();
      await tab.locator('[data-history] li[data-unsaved] [data-acknowledged]').waitFor();
    } finally {
      await context.close();
    }
  });

  test('with storage blocked and a failing endpoint: signed, not saved, not acknowledged, both said, and the receipt downloads', async () => {
    const { context, page: tab } = await openForm(suite.browser, endpointPage('/endpoint/fail'), { events: true, init: [denyStorage] });
    try {
      await tab.locator(SEL.refuseAll).click();
      const [{ detail }] = await waitForEvents(tab, 'limpide:receipt');
      await tab.locator('[data-storage="failed"]').waitFor();
      await tab.locator('[data-ack="not-acknowledged"]').waitFor({ timeout: 15000 });
      const codes = (await events(tab, 'limpide:error')).map((e) => e.detail.code);
      assert.deepEqual(codes, [
        'storage-unavailable', // mounting reads the history
        'storage-unavailable', // mounting looks for receipts to send again
        'storage-unavailable', // signing reads the chain to follow
        'endpoint-failed', // the controller's service answers 503
      ]);
      const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator(SEL.download).click()]);
      const kept = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(kept, detail.receipt, 'the download is not the signed receipt');
      assert.deepEqual(roles(kept), ['subject']);
      assertVerifies(kept, suite.temp.dir, 'unsaved-unacknowledged.json');
    } finally {
      await context.close();
    }
  });
});
