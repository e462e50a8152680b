// The device learns what the controller recorded (issue 22, sections 3 to 5),
// with the real service (service.mjs: limpide-server, SQLite, staff accounts): a pupil grants a box; a
// campaign is drafted, approved and released through the API; the pupil's
// stop link is pressed; on the next open the widget, with a request signed by
// its device key, shows the box refused and My consents lists the message
// (its date, sender, text and campaign page). And a grant that lapsed (a
// format-2 notice with `grant_validity: "P1D"`, the clock two days on): the
// form asks again, saying which choice lapsed and when.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { SEL, events, mountUrl, openForm, openTab, waitForEvents } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';
import { decisions, decodePayload } from './receipt.mjs';
import { freePort, startService } from './service.mjs';

const CONTROLLER = 'Région Exemple — Direction de la jeunesse';

/** Drafts, approves and releases an SMS campaign to `subjects`; answers its id and each row's stop link. */
async function releaseCampaign(service, purpose, french, subjects) {
  const at = (seconds) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const drafted = await service.asRole('communications', '/campaigns', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      notice: 'pass-region', purpose, channel: 'sms', sender: `Pass'Région — ${CONTROLLER}`,
      text: { fr: french, en: 'Happy new school year from the Region!' },
      not_before: at(-60), not_after: at(3600),
    }),
  });
  assert.equal(drafted.status, 201, await drafted.clone().text());
  const { id } = await drafted.json();
  const approved = await service.asRole('dpo', `/campaigns/${id}/approve`, { method: 'POST' });
  assert.equal(approved.status, 200, await approved.text());
  const released = await service.asRole('communications', `/campaigns/${id}/release`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body: `subject,mobile\n${subjects.map((s, i) => `${s},060000000${i}`).join('\n')}\n`,
  });
  const csv = await released.text();
  assert.equal(released.status, 200, csv);
  const [header, ...rows] = csv.trim().split('\n');
  const column = header.split(',').indexOf('stop_url');
  return { id, stopUrls: rows.map((row) => row.split(',')[column]) };
}

let service;
const suite = {};

/** The static server's options, with a service of its own that its pages may call (CORS). */
async function withService() {
  const port = await freePort();
  service = await startService({ allowOrigin: `http://127.0.0.1:${port}` });
  return { port, connectSrc: [service.url] };
}

eachEngine((engine) => {
  useSuite({ engine, server: withService }, suite);
  after(() => service?.stop());

  test('a box stopped from a message shows refused on the next open, and My consents lists the message', async () => {
    const pupil = `eleve-${engine}`;
    const query = new URLSearchParams({ endpoint: `${service.url}/receipts`, subject: pupil, credential: service.credentialFor(pupil) });
    const page = `${mountUrl(suite.server, '/notices/pass-region.json', 'fr')}&${query}`;
    const { context, page: first } = await openForm(suite.browser, page, { events: true });
    try {
      // One request on each open after the first receipt (a CORS preflight apart).
      const asked = [];
      context.on('request', (r) => { if (r.url().endsWith('/pupil/records') && r.method() === 'POST') asked.push(r.url()); });
      await first.locator('[data-purpose="messages-institutionnels"][data-channel="sms"]').check();
      await first.locator('[data-purpose="bons-plans"][data-channel="sms"]').check();
      await first.locator(SEL.submit).click();
      await waitForEvents(first, 'limpide:receipt');
      await first.locator('[data-ack="acknowledged"]').waitFor({ timeout: 15000 });

      const greeting = 'Bonne rentrée à toutes et à tous ! Le Président de la Région';
      const { id, stopUrls: [stopUrl] } = await releaseCampaign(service, 'messages-institutionnels', greeting, [pupil]);
      const stopped = await fetch(stopUrl, { method: 'POST', headers: { Origin: service.url } });
      assert.equal(stopped.status, 200, await stopped.text());

      // The next open: the stop said, the box unticked, the other kept.
      const next = await openTab(context, page);
      const ended = next.locator('[data-ended-boxes] [data-ended="stop-link"]');
      await ended.waitFor({ timeout: 15000 });
      assert.equal(await next.locator('[data-ended-boxes]').getAttribute('role'), 'status');
      const said = await ended.innerText();
      assert.match(said, /Recevoir des messages institutionnels de l'exécutif régional — par SMS/);
      assert.match(said, /lien d'arrêt/);
      assert.doesNotMatch(said, /\d{4}-\d{2}-\d{2}T|messages-institutionnels/, 'a raw id or time');
      assert.equal(await next.locator('[data-purpose="messages-institutionnels"][data-channel="sms"]').isChecked(), false);
      assert.equal(await next.locator('[data-purpose="bons-plans"][data-channel="sms"]').isChecked(), true);

      // My consents: the message under its box, with its date, sender, text and page.
      const message = next.locator('[data-messages-for="messages-institutionnels"] [data-message]');
      await message.waitFor();
      assert.equal(await message.count(), 1);
      assert.equal(await message.locator('[data-message-text]').innerText(), greeting);
      const text = await message.innerText();
      assert.match(text, new RegExp(`de Pass'Région — ${CONTROLLER}`));
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}T/, 'a raw time');
      assert.ok(await message.locator('time[datetime]').count(), 'no date');
      assert.equal(await message.locator('a[data-campaign-page]').getAttribute('href'), `${service.url}/c/${id}`);
      assert.doesNotMatch(await next.locator('[data-messages]').innerText(), /\/s\//, 'a stop link shown');
      assert.deepEqual((await events(next, 'limpide:error')).map((e) => e.detail), []);
      await assertNoViolations(next, '#host', 'the form with a stopped box and a message');

      // The next receipt refuses the stopped box: the pupil did not tick it.
      await next.locator(SEL.submit).click();
      const [{ detail }] = await waitForEvents(next, 'limpide:receipt');
      const payload = decodePayload(detail.receipt).payload;
      const decided = decisions(payload);
      assert.equal(decided['messages-institutionnels:sms'], 'refused');
      assert.equal(decided['bons-plans:sms'], 'granted');
      assert.equal(asked.length, 1, 'one request per open');
    } finally {
      await context.close();
    }
  });

  test('a grant that lapsed: the next open shows the form, says which choice lapsed and when, the box unticked', async () => {
    const page = mountUrl(suite.server, '/test/notice-lapse.json', 'fr');
    const { context, page: first } = await openForm(suite.browser, page, { events: true });
    try {
      await first.locator('[data-purpose="bons-plans"][data-channel="sms"]').check();
      await first.locator(SEL.submit).click();
      await waitForEvents(first, 'limpide:receipt');
      // Two days later (the notice's grant counts one day).
      await context.addInitScript(() => {
        const now = Date.now;
        Date.now = () => now() + 2 * 86400 * 1000;
      });
      const later = await openTab(context, page);
      assert.equal(await later.locator('[data-state]').first().getAttribute('data-state'), 'form');
      const lapsed = later.locator('[data-ended-boxes] [data-ended="lapsed"]');
      await lapsed.waitFor({ timeout: 15000 });
      assert.equal(await lapsed.count(), 1);
      const said = await lapsed.innerText();
      assert.match(said, /Recevoir les bons plans des partenaires du pass — par SMS/);
      assert.match(said, /a expiré le/);
      assert.doesNotMatch(said, /\d{4}-\d{2}-\d{2}T/, 'a raw time');
      assert.equal(await later.locator('[data-purpose="bons-plans"][data-channel="sms"]').isChecked(), false);
      await assertNoViolations(later, '#host', 'the form after a lapse');
    } finally {
      await context.close();
    }
  });
});
