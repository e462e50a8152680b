// What mount() promises beyond a notice URL (docs/embedding.md): a notice
// given as an object is used as it is, without fetching anything, and
// without `lang` the form speaks the first of the browser's languages that
// the notice is written in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { SEL, countFetches, openPage, waitForEvents, waitForForm } from './browser.mjs';
import { decodePayload } from './receipt.mjs';
import { root } from './server.mjs';

const suite = useSuite();

const notice = JSON.parse(readFileSync(join(root, 'www', 'notices', 'pass-region.json'), 'utf8'));

/** Mounts on #host of the manual test page; returns the mount's outcome. */
async function mountWith(page, noticeArgument, options) {
  return page.evaluate(
    async ([argument, opts]) => {
      const { mount } = await import('/limpide.js');
      try {
        window.__handle = await mount(document.getElementById('host'), argument, opts);
        return 'mounted';
      } catch (error) {
        return `rejected: ${error.message}`;
      }
    },
    [noticeArgument, options],
  );
}

test('mount() with a notice object renders it, fetches no notice, and its receipt names it', async () => {
  const { context, page } = await openPage(suite.browser, `${suite.server.url}test/mount.html?manual`, { events: true, init: [countFetches] });
  try {
    assert.equal(await mountWith(page, notice, { lang: 'en' }), 'mounted');
    await waitForForm(page);
    const purposes = notice.purposes.filter((p) => p.category !== 'service').length;
    assert.ok((await page.locator(SEL.box).count()) >= purposes, 'fewer boxes than the notice has purposes');
    const fetchedNotices = await page.evaluate(() => window.__fetches.filter((url) => url.includes('/notices/')));
    assert.deepEqual(fetchedNotices, [], 'a notice given as an object was fetched');
    await page.locator(SEL.refuseAll).click();
    const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
    const { payload } = decodePayload(detail.receipt);
    assert.deepEqual([payload.notice.id, payload.notice.version, payload.language], [notice.id, notice.version, 'en']);
  } finally {
    await context.close();
  }
});

test('mount() with a notice object that is not a notice rejects with notice-invalid', async () => {
  const { context, page } = await openPage(suite.browser, `${suite.server.url}test/mount.html?manual`, { events: true });
  try {
    const outcome = await mountWith(page, { ...notice, purposes: 'none' }, { lang: 'en' });
    assert.match(outcome, /^rejected: /);
    const errors = await page.evaluate(() => window.__events.filter((e) => e.type === 'limpide:error').map((e) => e.detail.code));
    assert.deepEqual(errors, ['notice-invalid']);
    assert.equal(await page.locator(SEL.box).count(), 0);
  } finally {
    await context.close();
  }
});

for (const [locale, expected] of [
  ['en-GB', 'en'],
  ['fr-FR', 'fr'],
  ['de-DE', 'fr'], // not a language of the notice: its first language
]) {
  test(`without lang, a ${locale} browser gets the form in ${expected}`, async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}test/mount.html?manual`, { events: true, context: { locale } });
    try {
      assert.equal(await mountWith(page, '/notices/pass-region.json', {}), 'mounted');
      await waitForForm(page);
      assert.equal(await page.locator('section.limpide').getAttribute('lang'), expected);
      await page.locator(SEL.refuseAll).click();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      assert.equal(decodePayload(detail.receipt).payload.language, expected);
    } finally {
      await context.close();
    }
  });
}
