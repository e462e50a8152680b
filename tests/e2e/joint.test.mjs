// Joint consent below the age of digital consent (pass-college.json: 15,
// initials asked, requests valid 72 hours), in each engine: the age
// question, the simpler texts, the request kept across a reload, the
// same-device hand-over, two profiles passing the links both ways, the
// guardian narrowing and refusing everything, an abandoned and an expired
// request; each final receipt verified by `limpide verify`; axe on every
// new screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { root } from './server.mjs';
import { assertNoViolations } from './axe.mjs';
import { SEL, box, gotoOk, mountUrl, newContext, openForm, openPage, storedReceipts, waitForForm, waitForState } from './browser.mjs';
import { assertVerifiesFile, decodePayload, decisions } from './receipt.mjs';

const NOTICE_PATH = join(root, 'www', 'notices', 'pass-college.json');
const NOTICE = JSON.parse(readFileSync(NOTICE_PATH, 'utf8'));
const HOST = '#host';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/**
 * A fresh profile with the college notice's form in French, its age
 * question answered `age` (under 15 unless given; null leaves it unanswered).
 */
function openPupil({ age = 'under' } = {}) {
  return openForm(suite.browser, mountUrl(suite.server, '/notices/pass-college.json', 'fr'), { age });
}

/** Every page of `context` sees a clock `hours` ahead (Date.now, which the widget reads). */
async function shiftClock(context, hours) {
  await context.addInitScript((offset) => {
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + offset;
  }, hours * 3600 * 1000);
}

/** The pupil, under 15, ticks these boxes and saves: the request waits. */
async function askGuardian(page, boxes) {
  await waitForForm(page, 20000, { age: 'under' });
  for (const [purpose, channel] of boxes) await page.locator(box(purpose, channel)).check();
  await page.locator(SEL.submit).click();
  await waitForState(page, 'pending');
}

/** The request this device keeps, as link text; null when none. */
function pendingRequest(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('limpide');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('receipts').objectStore('receipts').get('pending:pass-college');
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result ?? null);
          };
        };
      }),
  );
}

/** The guardian states their authority, writes initials, ticks `boxes`, and presses `action`. */
async function guardianAnswers(page, boxes, action = 'guardian-confirm') {
  await page.locator('input[data-guardian-statement]').check();
  await page.locator('input[data-guardian-name]').fill('M. D.');
  for (const [purpose, channel] of boxes) await page.locator(`[data-guardian] ${box(purpose, channel)}`).check();
  await page.locator(`button[data-action="${action}"]`).click();
}

/** The only receipt kept, checked by `limpide verify`; returns its payload. */
async function theJointReceipt(page, name) {
  const stored = await storedReceipts(page, 'pass-college');
  assert.equal(stored?.length, 1, 'one receipt kept');
  const roles = stored[0].signatures.map((s) => JSON.parse(Buffer.from(s.protected, 'base64url')).role);
  assert.deepEqual(roles.sort(), ['guardian', 'subject'], 'signed by the guardian and the pupil');
  const file = join(suite.temp.dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(stored[0]));
  assertVerifiesFile(file, NOTICE_PATH);
  return decodePayload(stored[0]).payload;
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('a grant needs the age question answered; refusing everything does not', async () => {
    const { context, page } = await openPupil({ age: null });
    await assertNoViolations(page, HOST, 'the form with its age question');
    await page.locator(box('enquetes', 'email')).check();
    await page.locator(SEL.submit).click();
    await page.locator('[data-form-error]').waitFor();
    assert.equal(await page.evaluate(() => document.querySelector('#host').shadowRoot.activeElement?.dataset.age), 'under');
    assert.equal(await storedReceipts(page, 'pass-college'), null, 'nothing saved');
    await page.locator(SEL.refuseAll).click();
    await waitForState(page, 'summary');
    const [receipt] = await storedReceipts(page, 'pass-college');
    assert.equal(decodePayload(receipt).payload.age, undefined, 'no age recorded when none was given');
    await context.close();
  });

  test('under 15: simpler texts, the request kept across a reload, the same-device hand-over, narrowed by the guardian', async () => {
    const { context, page } = await openPupil();
    const legend = await page.locator('[data-purpose-group="bons-plans"] legend').innerText();
    assert.match(legend, new RegExp(NOTICE.purposes[0].simpler.title.fr), 'the simpler title below the age');
    await askGuardian(page, [['bons-plans', 'sms'], ['enquetes', 'email']]);
    assert.equal(await page.locator('[data-pending-choices] li').count(), 2);
    assert.notEqual(await pendingRequest(page), null);
    assert.equal(await storedReceipts(page, 'pass-college'), null, 'nothing counts before the guardian');
    await assertNoViolations(page, HOST, 'the waiting screen');

    await page.reload();
    await waitForState(page, 'pending');
    await page.locator('button[data-action="hand-over"]').click();
    await waitForState(page, 'hand-over');
    // The focus follows to the new screen's heading, for keyboard and screen-reader users.
    await page.waitForFunction(() => document.querySelector('#host').shadowRoot.activeElement?.closest('[data-hand-over]') != null, null, { timeout: 5000 });
    await assertNoViolations(page, HOST, 'the hand-over screen');
    await page.locator('button[data-action="guardian-start"]').click();
    await waitForState(page, 'guardian');
    await assertNoViolations(page, HOST, 'the guardian review');
    // Only what the pupil ticked is offered; the rest says the pupil refused.
    assert.equal(await page.locator(`[data-guardian] ${SEL.box}`).count(), 2);
    assert.equal(await page.locator(`[data-guardian] ${SEL.box}:checked`).count(), 0, 'nothing pre-ticked for the guardian');
    await page.locator('button[data-action="guardian-confirm"]').click();
    await page.locator('[data-guardian] [data-form-error]').waitFor();

    await guardianAnswers(page, [['enquetes', 'email']]);
    await waitForState(page, 'summary');
    await page.locator('[data-joint]').waitFor();
    const payload = await theJointReceipt(page, 'same-device');
    assert.deepEqual(payload.age, { bracket: 'under', digital_consent_age: 15 });
    assert.deepEqual(payload.guardian, { holds_parental_authority: true, name: 'M. D.' });
    const granted = Object.entries(decisions(payload)).filter(([, d]) => d === 'granted').map(([k]) => k);
    assert.deepEqual(granted, ['enquetes:email'], 'the intersection of both');
    assert.equal(await pendingRequest(page), null, 'the request is answered');
    await context.close();
  });

  test('two devices: the request goes by link, the answer comes back by link', async () => {
    const pupil = await openPupil();
    await askGuardian(pupil.page, [['bons-plans', 'sms'], ['bons-plans', 'email']]);
    const requestLink = await pupil.page.locator('input[data-guardian-link]').inputValue();
    assert.match(requestLink, /#limpide-guardian=[A-Za-z0-9_-]+$/, 'the request travels in the fragment only');

    const { context: guardian, page: guardianPage } = await openPage(suite.browser, requestLink);
    await waitForState(guardianPage, 'guardian');
    assert.ok(!(await guardianPage.evaluate(() => location.href)).includes('limpide-guardian'), 'the request is removed from the address');
    await guardianAnswers(guardianPage, [['bons-plans', 'sms'], ['bons-plans', 'email']]);
    await waitForState(guardianPage, 'answered');
    await assertNoViolations(guardianPage, HOST, 'the answer to send back');
    const answerLink = await guardianPage.locator('input[data-answer-link]').inputValue();
    assert.match(answerLink, /#limpide-answer=[A-Za-z0-9_-]+$/);
    assert.equal(await storedReceipts(guardianPage, 'pass-college'), null, "the guardian's device keeps nothing");

    // The link opens in the pupil's browser, as a new tab would.
    const answerTab = await pupil.context.newPage();
    await gotoOk(answerTab, answerLink);
    await waitForState(answerTab, 'summary');
    assert.ok(!(await answerTab.evaluate(() => location.href)).includes('limpide-answer'), 'the answer is removed from the address');
    // The tab still open on the waiting screen follows (another tab stored).
    await waitForState(pupil.page, 'form');
    const payload = await theJointReceipt(answerTab, 'two-devices');
    const granted = Object.entries(decisions(payload)).filter(([, d]) => d === 'granted').map(([k]) => k);
    assert.deepEqual(granted.sort(), ['bons-plans:email', 'bons-plans:sms']);
    // The same answer again, in the open tab (a change of fragment only), is
    // refused: the request is answered.
    await pupil.page.evaluate((link) => (location.href = link), answerLink);
    await pupil.page.locator('[data-form-error]').waitFor();
    assert.equal((await storedReceipts(pupil.page, 'pass-college')).length, 1);
    await guardian.close();
    await pupil.context.close();
  });

  test('the answer pasted into the waiting screen completes the receipt', async () => {
    const pupil = await openPupil();
    await askGuardian(pupil.page, [['enquetes', 'email']]);
    const requestLink = await pupil.page.locator('input[data-guardian-link]').inputValue();
    const { context: guardian, page: guardianPage } = await openPage(suite.browser, requestLink);
    await waitForState(guardianPage, 'guardian');
    await guardianAnswers(guardianPage, [['enquetes', 'email']]);
    await waitForState(guardianPage, 'answered');
    const answerLink = await guardianPage.locator('input[data-answer-link]').inputValue();
    await guardian.close();
    // A paste that is not an answer is refused, and the request still waits.
    await pupil.page.locator('input[data-answer-paste]').fill('https://example.org/#nothing');
    await pupil.page.locator('button[data-action="use-answer"]').click();
    await pupil.page.locator('[data-pending] [data-form-error]').waitFor();
    await pupil.page.locator('input[data-answer-paste]').fill(answerLink);
    await pupil.page.locator('button[data-action="use-answer"]').click();
    await waitForState(pupil.page, 'summary');
    await theJointReceipt(pupil.page, 'pasted');
    await pupil.context.close();
  });

  test('the guardian refuses everything: a joint receipt that grants nothing', async () => {
    const { context, page } = await openPupil();
    await askGuardian(page, [['enquetes', 'email']]);
    await page.locator('button[data-action="hand-over"]').click();
    await page.locator('button[data-action="guardian-start"]').click();
    await waitForState(page, 'guardian');
    await guardianAnswers(page, [], 'guardian-refuse-all');
    await waitForState(page, 'summary');
    const payload = await theJointReceipt(page, 'refused');
    assert.ok(Object.values(decisions(payload)).every((d) => d === 'refused'));
    assert.equal(payload.guardian.holds_parental_authority, true);
    await context.close();
  });

  test('an abandoned request grants nothing and leaves nothing', async () => {
    const { context, page } = await openPupil();
    await askGuardian(page, [['enquetes', 'email']]);
    await page.locator('button[data-action="abandon"]').click();
    await waitForState(page, 'form');
    assert.equal(await pendingRequest(page), null);
    assert.equal(await storedReceipts(page, 'pass-college'), null);
    await context.close();
  });

  test('an expired request is refused on both devices', async () => {
    const pupil = await openPupil();
    await askGuardian(pupil.page, [['enquetes', 'email']]);
    const requestLink = await pupil.page.locator('input[data-guardian-link]').inputValue();
    // The guardian opens it 73 hours later (the notice allows 72).
    const guardian = await newContext(suite.browser);
    await shiftClock(guardian, 73);
    const guardianPage = await guardian.newPage();
    await gotoOk(guardianPage, requestLink);
    await guardianPage.locator('[data-form-error]').waitFor();
    assert.equal(await guardianPage.locator('[data-guardian]').count(), 0, 'no review of an expired request');
    await guardian.close();
    // The pupil's device, as late: the request says it expired.
    await shiftClock(pupil.context, 73);
    await pupil.page.reload();
    await waitForState(pupil.page, 'pending');
    await pupil.page.locator('[data-expired]').waitFor();
    await assertNoViolations(pupil.page, HOST, 'the expired request');
    await pupil.page.locator('button[data-action="abandon"]').click();
    await waitForState(pupil.page, 'form');
    assert.equal(await storedReceipts(pupil.page, 'pass-college'), null);
    await pupil.context.close();
  });
});
