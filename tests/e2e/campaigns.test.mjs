// Accountable messaging, end to end, in Chromium and Firefox ESR, at 320
// CSS px, through the console's forms as people use them (no script runs
// on those pages): the president's back-to-school greeting drafted under
// "bons-plans" by SMS is rejected by the DPO; drafted under
// "messages-institutionnels" it is approved; the release keeps exactly the
// pupils who granted that box; one pupil opens the stop link and stops; a
// second campaign no longer reaches them; the access log shows each step
// and who took it; the manifest verifies with `limpide verify`. Every
// screen on the way has no axe violation and no sideways scroll. (Step 8,
// the pupil's My consents listing the message, is the widget's: see
// pupil-records.test.mjs.) And a pupil's phone with JavaScript off stops
// through its link all the same.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { assertNoLeaks, assertNoSidewaysScroll, newContext } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';
import { runCli, tempDir } from './receipt.mjs';
import { root } from './server.mjs';
import { startService } from './service.mjs';

const NOTICE = join(root, 'www', 'notices', 'pass-region.json');
const CONTROLLER = 'Région Exemple — Direction de la jeunesse';
const GREETING = 'Bonne rentrée à toutes et à tous ! Le Président de la Région';
const CONTACTS = 'subject,mobile\neleve-1,0600000001\neleve-2,0600000002\neleve-3,0600000003\neleve-9,0600000009\n';

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines) as objects by header. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

/** Signs and posts a receipt of pupil `id` granting `grants` (`purpose:channel`). */
async function consent(service, keys, id, grants) {
  const key = join(keys, `${id}.jwk`);
  assert.equal(runCli(['keygen', '--out', key]).status, 0);
  const signed = runCli(['sign', '--key', key, '--notice', NOTICE, ...grants.flatMap((g) => ['--grant', g]), '--subject', id]);
  assert.equal(signed.status, 0, signed.stderr);
  const posted = await service.postReceipt(signed.stdout, id);
  assert.equal(posted.status, 200, await posted.text());
}

/** Waits until the page's path matches `pattern`; answers the path. */
async function waitForPath(page, pattern, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { pathname } = new URL(page.url());
    if (pattern.test(pathname)) return pathname;
    if (Date.now() > deadline) throw new Error(`still at ${page.url()}, not ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** No axe violation, no sideways scroll at this width. */
async function assertUsable(page, what) {
  await assertNoViolations(page, null, what);
  await assertNoSidewaysScroll(page, what);
}

const ISO = (offset) => new Date(Date.now() + offset * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

eachEngine((engine) => {
  let service;
  let keys;
  const suite = useSuite({
    engine,
    server: async () => {
      service = await startService({ allowOrigin: 'http://127.0.0.1:9' });
      keys = tempDir('limpide-campaign-keys-');
      await consent(service, keys.dir, 'eleve-1', ['messages-institutionnels:sms', 'bons-plans:sms']);
      await consent(service, keys.dir, 'eleve-2', ['messages-institutionnels:sms']);
      await consent(service, keys.dir, 'eleve-3', ['bons-plans:sms']);
      return {};
    },
  });
  after(async () => {
    await service?.stop();
    keys?.cleanup();
  });

  /** A context at 320 CSS px with `who` signed in through the form. */
  async function signedIn(who) {
    const context = await newContext(suite.browser, { viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${service.url}/console/sign-in?lang=en`);
    await page.locator('#account').fill(who.account);
    await page.locator('#password').fill(who.password);
    await page.locator('main button[type="submit"]').click();
    await waitForPath(page, /^\/console$/);
    return { context, page };
  }

  /** Drafts the greeting under `purpose` through the form; answers the campaign's path. */
  async function draft(page, purpose) {
    await page.goto(`${service.url}/console/campaigns/new?lang=en`);
    await assertUsable(page, `the draft form (${engine})`);
    await page.locator('#box').selectOption(`pass-region|${purpose}|sms`);
    await page.locator('#sender').fill(`Pass'Région — ${CONTROLLER}`);
    await page.locator('#not_before').fill(ISO(-60));
    await page.locator('#not_after').fill(ISO(3600));
    await page.locator('#text_fr').fill(GREETING);
    await page.locator('#text_en').fill('Happy new school year from the President of the Region!');
    await page.locator('[data-action="save-draft"]').click();
    return waitForPath(page, /^\/console\/campaigns\/[A-Za-z0-9_-]{11}$/);
  }

  test('the president\'s greeting: rejected under partner offers, approved under institutional messages, released to those who agreed, stopped by one pupil', async () => {
    const comms = await signedIn(service.people.communications);
    const dpo = await signedIn(service.people.dpo);
    const pupil = await newContext(suite.browser, { viewport: { width: 320, height: 800 } });
    const files = tempDir('limpide-campaign-files-');
    try {
      // 1–2. Drafted under "bons-plans" by SMS; the DPO reads it beside the
      // texts the pupils agreed to, and rejects it with a reason.
      const wrong = await draft(comms.page, 'bons-plans');
      await dpo.page.goto(`${service.url}${wrong}?lang=en`);
      await assertUsable(dpo.page, `the DPO's review (${engine})`);
      const review = await dpo.page.locator('main').innerText();
      assert.match(review, /What the pupils agreed to/);
      assert.match(review, new RegExp(`Pass'Région — ${CONTROLLER}\\. Stop : \\(personal link to stop\\)`));
      await dpo.page.locator('#reason').fill('A greeting from the President is not a partner offer.');
      await dpo.page.locator('[data-action="reject"]').click();
      await dpo.page.waitForFunction(() => document.querySelector('main')?.innerText.includes('rejected'));
      // 3–4. Drafted under "messages-institutionnels"; approved.
      const path = await draft(comms.page, 'messages-institutionnels');
      const id = path.split('/').pop();
      await dpo.page.goto(`${service.url}${path}?lang=en`);
      await dpo.page.locator('[data-action="approve"]').click();
      await dpo.page.waitForFunction(() => document.querySelector('main')?.innerText.includes('approved'));
      // 5. The team uploads its contact list and saves the list to send.
      await comms.page.goto(`${service.url}${path}?lang=en`);
      await assertUsable(comms.page, `the release form (${engine})`);
      const contacts = join(files.dir, 'contacts.csv');
      writeFileSync(contacts, CONTACTS);
      await comms.page.locator('#list').setInputFiles(contacts);
      const [download] = await Promise.all([
        comms.page.waitForEvent('download'),
        comms.page.locator('[data-action="release"]').click(),
      ]);
      const released = parseCsv(readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(released.map((r) => r.subject), ['eleve-1', 'eleve-2']);
      const [first] = released;
      assert.equal(first.language, 'fr');
      assert.ok(first.message.startsWith(GREETING), first.message);
      assert.ok(first.message.endsWith(`Stop : ${first.stop_url}`), first.message);
      // 6. The pupil opens the stop link on their phone and stops.
      const phone = await pupil.newPage();
      await phone.goto(first.stop_url);
      await assertUsable(phone, `the stop page (${engine})`);
      const stopPage = await phone.locator('main').innerText();
      assert.ok(stopPage.includes(GREETING), stopPage);
      assert.doesNotMatch(stopPage, /eleve-/);
      await phone.locator('[data-action="stop"]').click();
      await phone.waitForFunction(() => document.querySelector('[role="status"]') !== null);
      await assertUsable(phone, `the stopped page (${engine})`);
      // The campaign's public page: roles, never people; its manifest verifies.
      await phone.goto(`${service.url}/c/${id}?lang=en`);
      await assertUsable(phone, `the campaign page (${engine})`);
      const publicPage = await phone.locator('main').innerText();
      assert.match(publicPage, /data-protection officer/);
      assert.doesNotMatch(publicPage, /e2e-dpo|e2e-communications/);
      await assertNoLeaks(pupil, service.url);
      const manifest = join(files.dir, 'manifest.json');
      writeFileSync(manifest, await (await fetch(`${service.url}/campaigns/${id}/manifest`)).text());
      const verified = runCli(['verify', manifest, '--notice', NOTICE]);
      assert.equal(verified.status, 0, verified.stdout + verified.stderr);
      // 7. A second approved campaign's release no longer holds them.
      const body = {
        notice: 'pass-region', purpose: 'messages-institutionnels', channel: 'sms',
        sender: `Pass'Région — ${CONTROLLER}`, not_before: ISO(-60), not_after: ISO(3600),
        text: { fr: 'Les inscriptions sont ouvertes.', en: 'Sign-up is open.' },
      };
      const next = await (await service.asRole('communications', '/campaigns', { method: 'POST', body: JSON.stringify(body) })).json();
      assert.equal((await service.dpo(`/campaigns/${next.id}/approve`, { method: 'POST' })).status, 200);
      const second = await service.asRole('communications', `/campaigns/${next.id}/release`, { method: 'POST', body: CONTACTS });
      assert.deepEqual(parseCsv(await second.text()).map((r) => r.subject), ['eleve-2']);
      // 9. The access log shows every step, and who took it; never a pupil.
      const log = await (await service.dpo('/access-log')).text();
      assert.doesNotMatch(log, /eleve-/);
      const steps = log.trim().split('\n').map((line) => JSON.parse(line))
        .filter((e) => ['campaign-drafted', 'campaign-rejected', 'campaign-approved', 'campaign-released'].includes(e.action))
        .map((e) => `${e.action} ${e.account}`);
      assert.deepEqual(steps, [
        'campaign-drafted e2e-communications',
        'campaign-rejected e2e-dpo',
        'campaign-drafted e2e-communications',
        'campaign-approved e2e-dpo',
        'campaign-released e2e-communications',
        'campaign-drafted e2e-communications-bot',
        'campaign-approved e2e-dpo-bot',
        'campaign-released e2e-communications-bot',
      ]);
    } finally {
      await comms.context.close();
      await dpo.context.close();
      await pupil.close();
      files.cleanup();
    }
  });

  test('with JavaScript off, a stop link still stops', { skip: engine !== 'chromium' && 'JavaScript off is a context option of Chromium here' }, async () => {
    const body = {
      notice: 'pass-region', purpose: 'bons-plans', channel: 'sms',
      sender: `Pass'Région — ${CONTROLLER}`, not_before: ISO(-60), not_after: ISO(3600),
      text: { fr: 'Les bons plans de la semaine.', en: 'This week\'s offers.' },
    };
    const drafted = await (await service.asRole('communications', '/campaigns', { method: 'POST', body: JSON.stringify(body) })).json();
    assert.equal((await service.dpo(`/campaigns/${drafted.id}/approve`, { method: 'POST' })).status, 200);
    const released = await service.asRole('communications', `/campaigns/${drafted.id}/release`, { method: 'POST', body: 'subject\neleve-3\n' });
    const [row] = parseCsv(await released.text());
    const context = await newContext(suite.browser, { javaScriptEnabled: false, viewport: { width: 320, height: 700 } });
    try {
      const page = await context.newPage();
      await page.goto(row.stop_url);
      await page.locator('[data-action="stop"]').click();
      await page.locator('[role="status"]').waitFor();
      assert.match(await page.locator('[role="status"]').innerText(), /ne recevrez plus|no longer receive/);
      const listed = await (await service.dpo('/permissions?notice=pass-region&purpose=bons-plans&channel=sms')).text();
      assert.doesNotMatch(listed, /eleve-3/);
    } finally {
      await context.close();
    }
  });
});
