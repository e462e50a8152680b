// Widget → the real receipt service (limpide-server, SQLite) → a receipt the
// controller countersigned, checked against the key the service publishes
// and the notice lists; the permission it grants reaches /permissions (which
// campaigns' releases read).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { SEL, events, mountUrl, openForm, storedReceipts, waitForEvents, waitForForm, waitUntil } from './browser.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.mjs';
import { assertVerifies, assertVerifiesFile, decodePayload } from './receipt.mjs';
import { freePort, startService } from './service.mjs';

let service;

const suite = useSuite({
  // The page and the service are two origins, as in a deployment.
  server: async () => {
    const port = await freePort();
    service = await startService({ allowOrigin: `http://127.0.0.1:${port}` });
    return { port, connectSrc: [service.url] };
  },
});
after(() => service?.stop());

/** The subjects /permissions lists for a box (the dpo role). */
async function allowedSubjects(notice, purpose, channel) {
  const answer = await service.dpo(`/permissions?notice=${notice}&purpose=${purpose}&channel=${channel}`);
  assert.equal(answer.status, 200);
  return (await answer.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l).subject);
}

const roles = (receipt) =>
  receipt.signatures.map((s) => JSON.parse(Buffer.from(s.protected, 'base64url').toString('utf8')));

test('a pupil\'s choice is countersigned by the service, with the key it publishes and the notice lists', async () => {
  const query = new URLSearchParams({ endpoint: `${service.url}/receipts`, subject: 'eleve-0042', credential: service.credentialFor('eleve-0042') });
  const { context, page: tab } = await openForm(suite.browser, `${mountUrl(suite.server, '/notices/pass-region.json', 'en')}&${query}`);
  try {
    await tab.locator('[data-purpose="bons-plans"][data-channel="sms"]').check();
    await tab.locator(SEL.submit).click();
    const [{ detail }] = await waitForEvents(tab, 'limpide:receipt');
    await tab.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
    assert.deepEqual(await events(tab, 'limpide:error'), []);

    const [stored] = await storedReceipts(tab);
    assert.equal(stored.payload, detail.receipt.payload, 'the service changed the payload');
    const [pupil, controller] = roles(stored);
    assert.equal(pupil.role, 'subject');
    assert.equal(controller.role, 'controller');
    // The key the service publishes is the one that signed, and the notice lists it.
    const jwks = await (await fetch(`${service.url}/keys`)).json();
    assert.deepEqual(jwks.keys.map((k) => k.kid), [controller.kid]);
    const { report } = assertVerifies(stored, suite.temp.dir, 'service-acknowledged.json');
    assert.equal(report.controller, 'listed');

    // The controller's tools see it: this pupil may be contacted by SMS only.
    const receiptId = decodePayload(stored).payload.receipt_id;
    const permissions = await service.dpo('/permissions?notice=pass-region&purpose=bons-plans&channel=sms');
    assert.equal(permissions.status, 200);
    assert.deepEqual((await permissions.text()).trim().split('\n').map((l) => JSON.parse(l)), [
      { subject: 'eleve-0042', receipt_id: receiptId },
    ]);
    for (const [channel, allowed] of [['sms', ['eleve-0042']], ['email', []]]) {
      assert.deepEqual(await allowedSubjects('pass-region', 'bons-plans', channel), allowed, `the permissions by ${channel}`);
    }

    // Withdrawing is as easy, and the permissions follow at once.
    await tab.locator(SEL.change).click();
    await waitForForm(tab);
    await tab.locator(SEL.refuseAll).click();
    await waitForEvents(tab, 'limpide:receipt', 2);
    await tab.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
    assert.deepEqual(await allowedSubjects('pass-region', 'bons-plans', 'sms'), []);
  } finally {
    await context.close();
  }
});

test('without a credential, a pupil\'s first receipt is refused (credential-required, said in the form), kept, and sent when the page gives one', async () => {
  const page = (options) => `${mountUrl(suite.server, '/notices/pass-region.json', 'en')}&${new URLSearchParams({ endpoint: `${service.url}/receipts`, subject: 'eleve-0043', ...options })}`;
  const { context, page: tab } = await openForm(suite.browser, page({}));
  try {
    await tab.locator(SEL.refuseAll).click();
    await tab.locator('[data-ack="not-acknowledged"]').waitFor({ timeout: 15000 });
    await tab.locator('[data-refusal="credential-required"][role="alert"]').waitFor();
    const [error] = await events(tab, 'limpide:error');
    assert.equal(error.detail.code, 'credential-required');
    const [stored] = await storedReceipts(tab);
    assert.deepEqual(roles(stored).map((h) => h.role), ['subject']);

    // The page, signed in again, gives a credential: the pending receipt goes.
    await tab.goto(page({ credential: service.credentialFor('eleve-0043') }));
    await waitForForm(tab);
    await waitUntil(async () => (await storedReceipts(tab))[0].signatures.length === 2, 15000, () => 'the pending receipt was not acknowledged');
    assert.equal(await tab.locator('[data-refusal]').count(), 0);
  } finally {
    await context.close();
  }
});

test('a joint receipt (a pupil under 15 and a guardian, on one device) is countersigned by the service and grants the box', async () => {
  const query = new URLSearchParams({ endpoint: `${service.url}/receipts`, subject: 'eleve-0014', credential: service.credentialFor('eleve-0014') });
  const { context, page: tab } = await openForm(suite.browser, `${mountUrl(suite.server, '/notices/pass-college.json', 'en')}&${query}`, { age: 'under' });
  try {
    await tab.locator('[data-purpose="enquetes"][data-channel="email"]').check();
    await tab.locator(SEL.submit).click();
    await tab.locator('button[data-action="hand-over"]').click();
    await tab.locator('button[data-action="guardian-start"]').click();
    await tab.locator('input[data-guardian-statement]').check();
    await tab.locator('input[data-guardian-name]').fill('A. B.');
    await tab.locator('[data-guardian] [data-purpose="enquetes"][data-channel="email"]').check();
    await tab.locator('button[data-action="guardian-confirm"]').click();
    await tab.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });
    assert.deepEqual(await events(tab, 'limpide:error'), []);
    const [stored] = await storedReceipts(tab, 'pass-college');
    assert.deepEqual(roles(stored).map((r) => r.role).sort(), ['controller', 'guardian', 'subject']);
    const file = join(suite.temp.dir, 'joint-acknowledged.json');
    writeFileSync(file, JSON.stringify(stored));
    const [report] = assertVerifiesFile(file, join(root, 'www', 'notices', 'pass-college.json'));
    assert.equal(report.controller, 'listed');
    assert.deepEqual(await allowedSubjects('pass-college', 'enquetes', 'email'), ['eleve-0014']);
  } finally {
    await context.close();
  }
});
