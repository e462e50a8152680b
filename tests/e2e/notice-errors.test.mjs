// A notice that is invalid or cannot be fetched shows no form at all: no
// checkbox (so nothing can be pre-ticked or bundled), an alert, a rejected
// mount() promise and a limpide:error event carrying the same message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';

import {
  SEL,
  assertNoLeaks,
  events,
  mountUrl,
  openPage,
  problemsOf,
  waitForState,
} from './browser.mjs';

// The server drops the connection for this path: a network error, not an HTTP status.
const DROPPED = '/fixtures/dropped.json';
async function dropConnection(req) {
  if (new URL(req.url, 'http://127.0.0.1').pathname !== DROPPED) return false;
  req.socket.destroy();
  return true;
}

const suite = useSuite({ server: { handler: dropConnection } });

/** Mounts a notice URL on the test page; returns what the page saw. */
async function mountBroken(notice) {
  const { context, page } = await openPage(suite.browser, mountUrl(suite.server, notice));
  try {
    const outcome = await page.evaluate(() => window.__mounted);
    const mountError = await page.evaluate(() => window.__mountError);
    assert.notEqual(outcome, 'import-failed', mountError);
    assert.equal(outcome, 'rejected', `mount() did not reject for ${notice}\nproblems:${problemsOf(page)}`);
    assert.equal(await page.evaluate(() => window.__mountErrorIsError), true, 'mount() rejected with something that is not an Error');
    assert.equal(typeof mountError, 'string');
    assert.ok(mountError.trim().length > 0, 'mount() rejected with an empty message');

    await waitForState(page, 'error', 5000);
    assert.equal(await page.locator(SEL.box).count(), 0, 'a checkbox is rendered for a broken notice');
    assert.equal(await page.locator('input').count(), 0, 'an input is rendered for a broken notice');
    assert.equal(await page.locator(`${SEL.submit}, ${SEL.refuseAll}, ${SEL.acceptAll}`).count(), 0, 'a signing button is rendered');
    const alert = page.locator(`${SEL.error} [role="alert"]`);
    assert.equal(await alert.count(), 1, 'no single [role="alert"] in the error state');
    assert.ok(await alert.isVisible(), 'the alert is not visible');
    assert.ok((await alert.innerText()).trim().length > 0, 'the alert is empty');

    const errors = await events(page, 'limpide:error');
    assert.equal(errors.length, 1, `expected one limpide:error, got ${JSON.stringify(errors)}`);
    const [{ detail }] = errors;
    assert.equal(typeof detail?.code, 'string');
    assert.match(detail.code, /^notice-[a-z-]+$/, `unexpected limpide:error code ${detail.code}`);
    assert.equal(detail.message, mountError, 'the rejection\'s message differs from limpide:error\'s detail.message');
    assert.deepEqual(await events(page, 'limpide:receipt'), []);
    assert.deepEqual(
      await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'limpide')),
      [],
      'a broken notice made the widget open its storage',
    );
    await assertNoLeaks(context, suite.server.origin);
    return detail;
  } finally {
    await context.close();
  }
}

for (const [name, why] of [
  ['bundled.json', 'a purpose with two categories, missing retention and recipients'],
  ['pre-ticked.json', 'a pre-ticked purpose and refuse_all: false'],
  ['translations.json', 'blank, placeholder, missing and extra translations, a duplicate id'],
  ['not-json.json', 'not JSON'],
]) {
  test(`an invalid notice (${name}: ${why}) renders no checkbox, an alert, and rejects with notice-invalid`, async () => {
    const { code } = await mountBroken(`/fixtures/${name}`);
    assert.equal(code, 'notice-invalid');
  });
}

test('an unreachable notice (404) renders no checkbox, an alert, and rejects with notice-unreachable', async () => {
  const { code } = await mountBroken('/fixtures/no-such-notice.json');
  assert.equal(code, 'notice-unreachable');
});

for (const [what, url] of [
  ['a dropped connection', DROPPED],
  ['a malformed URL', 'http://[bad'],
]) {
  test(`an unreachable notice (${what}) renders no checkbox and reports notice-unreachable`, async () => {
    const { code } = await mountBroken(url);
    assert.equal(code, 'notice-unreachable');
  });
}

test('the test page mounts the valid notice (guards the tests above)', async () => {
  const { context, page } = await openPage(suite.browser, mountUrl(suite.server, '/notices/pass-region.json'));
  try {
    assert.equal(await page.evaluate(() => window.__mounted), 'mounted', await page.evaluate(() => window.__mountError));
    await waitForState(page, 'form');
    assert.ok((await page.locator(SEL.box).count()) > 0);
    assert.equal(await page.locator('[role="alert"]').count(), 0, 'an alert is shown for a valid notice');
    assert.deepEqual(await events(page, 'limpide:error'), []);
  } finally {
    await context.close();
  }
});
