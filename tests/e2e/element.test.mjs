// The custom element <limpide-consent>: attributes in, the form in its own
// shadow root, events out; attribute changes re-render (a bad notice shows
// the error state, a good one the form again), removal cleans up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';

import {
  countFetches,
  SEL,
  events,
  openForm,
  waitForEvents,
  waitForForm,
  waitForState,
} from './browser.mjs';
import { assertVerifies, decodePayload } from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** A fresh context recording the widget's events, on the element's test page, its form shown. */
function elementPage() {
  return openForm(suite.browser, `${suite.server.url}test/element.html`, { events: true });
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('<limpide-consent> renders the form from its attributes, signs, and answers latest()', async () => {
    const { context, page } = await elementPage();
    try {
      assert.equal(await page.locator(SEL.root).getAttribute('lang'), 'en');
      assert.equal(await page.evaluate(() => document.querySelector('limpide-consent').shadowRoot.querySelectorAll('input[type=checkbox]:checked').length), 0);
      await page.locator(SEL.refuseAll).click();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      await waitForState(page, 'summary');
      assert.equal(decodePayload(detail.receipt).payload.language, 'en');
      assertVerifies(detail.receipt, suite.temp.dir, 'element.json');
      assert.deepEqual(await page.evaluate(() => document.querySelector('limpide-consent').latest()), detail.receipt);
    } finally {
      await context.close();
    }
  });

  test('changing the notice attribute re-renders: an unreachable notice shows the error state, a good one the form again', async () => {
    const { context, page } = await elementPage();
    try {
      await page.evaluate(() => document.querySelector('limpide-consent').setAttribute('notice', '/notices/missing.json'));
      await waitForState(page, 'error');
      assert.equal(await page.locator(SEL.box).count(), 0, 'boxes left beside the error');
      const [error] = await events(page, 'limpide:error');
      assert.equal(error.detail.code, 'notice-unreachable');
      await page.evaluate(() => document.querySelector('limpide-consent').setAttribute('notice', '/notices/pass-region.json'));
      await waitForForm(page);
      assert.equal(await page.locator(SEL.error).count(), 0, 'the error state stayed beside the form');
      assert.equal(await page.locator(SEL.root).count(), 1, 'more than one form rendered');
    } finally {
      await context.close();
    }
  });

  test('removing the element removes the form from its shadow root', async () => {
    const { context, page } = await elementPage();
    try {
      const left = await page.evaluate(() => {
        const element = document.querySelector('limpide-consent');
        element.remove();
        return element.shadowRoot.querySelectorAll('[data-limpide]').length;
      });
      assert.equal(left, 0);
    } finally {
      await context.close();
    }
  });

  test('a theme set on the element reaches every action button alike', async () => {
    const { context, page } = await elementPage();
    try {
      await page.evaluate(() => {
        const element = document.querySelector('limpide-consent');
        element.style.setProperty('--limpide-accent', 'rgb(120, 20, 90)');
        element.style.setProperty('--limpide-radius', '0px');
        element.style.setProperty('--limpide-font', 'Georgia, serif');
        element.style.setProperty('--limpide-space', '2rem');
      });
      const styles = await page.evaluate(() =>
        [...document.querySelector('limpide-consent').shadowRoot.querySelectorAll('button[data-action="refuse-all"], button[data-action="submit"]')].map((b) => {
          const s = getComputedStyle(b);
          const box = b.getBoundingClientRect();
          return { bg: s.backgroundColor, radius: s.borderTopLeftRadius, family: s.fontFamily, font: s.fontSize, weight: s.fontWeight, padding: s.paddingLeft, height: box.height };
        }),
      );
      assert.equal(styles.length, 2);
      assert.equal(styles[0].bg, 'rgb(120, 20, 90)');
      assert.equal(styles[0].radius, '0px');
      assert.equal(styles[0].family, 'Georgia, serif');
      assert.deepEqual(styles[0], styles[1], 'refuse-all and submit differ');
    } finally {
      await context.close();
    }
  });

  test('one render per task of attribute changes: the notice is fetched once, an error reported once', async () => {
    const fetched = (path) => suite.server.requests.filter((r) => r.url === path).length;
    const before = fetched('/notices/pass-region.json');
    const { context, page } = await openForm(suite.browser, `${suite.server.url}test/element.html`, { events: true, init: [countFetches] });
    try {
      // A second render would start its fetch in the same task as the first,
      // so once the form is shown and no fetch is in flight, the count is final.
      const settled = async () => {
        await page.waitForFunction(() => window.__inflight === 0);
        return page.evaluate(() => window.__fetches.map((url) => new URL(url, location.href).pathname));
      };
      assert.deepEqual((await settled()).filter((p) => p === '/notices/pass-region.json'), ['/notices/pass-region.json'], 'the upgrade fetched the notice more than once');
      assert.equal(fetched('/notices/pass-region.json') - before, 1, 'the upgrade fetched the notice more than once');

      // Two attributes changed in one task: one render, one error.
      const missingBefore = fetched('/notices/missing.json');
      const fetchesBefore = (await settled()).length;
      await page.evaluate(() => {
        const element = document.querySelector('limpide-consent');
        element.setAttribute('lang', 'fr');
        element.setAttribute('notice', '/notices/missing.json');
      });
      await waitForState(page, 'error');
      // Exactly one fetch since: a render per attribute would also have
      // fetched the old notice in the new language.
      assert.deepEqual((await settled()).slice(fetchesBefore), ['/notices/missing.json'], 'more than one render for one task');
      assert.equal(fetched('/notices/missing.json') - missingBefore, 1);
      assert.deepEqual((await events(page, 'limpide:error')).map((e) => e.detail.code), ['notice-unreachable']);

      // Removed after a failed mount: its message goes too.
      const left = await page.evaluate(() => {
        const element = document.querySelector('limpide-consent');
        element.remove();
        return element.shadowRoot.childElementCount;
      });
      assert.equal(left, 0);
    } finally {
      await context.close();
    }
  });

  test('an element without a notice says so, and fetches nothing', async () => {
    const { context, page } = await elementPage();
    try {
      const requestsBefore = suite.server.requests.length;
      await page.evaluate(() => document.body.append(document.createElement('limpide-consent')));
      const [error] = await waitForEvents(page, 'limpide:error');
      assert.equal(error.detail.code, 'notice-invalid');
      assert.match(error.detail.message, /no notice was given/);
      // An empty URL would have fetched the page itself.
      assert.deepEqual(
        suite.server.requests.slice(requestsBefore).filter((r) => r.url.startsWith('/test/')),
        [],
        'the page itself was fetched as the notice',
      );
    } finally {
      await context.close();
    }
  });

  test('<limpide-consent>: receipts() lists what is kept, open() brings the form back with the focus, and the form says what clearing site data does', async () => {
    const { context, page } = await elementPage();
    try {
      assert.deepEqual(await page.evaluate(() => document.querySelector('limpide-consent').receipts()), []);
      await page.locator(SEL.refuseAll).click();
      const [{ detail: first }] = await waitForEvents(page, 'limpide:receipt');
      await waitForState(page, 'summary');
      // open(): the form again, focused inside the widget.
      await page.evaluate(() => document.querySelector('limpide-consent').open());
      await waitForState(page, 'form');
      const focusInside = await page.evaluate(() => {
        const host = document.querySelector('limpide-consent');
        return document.activeElement === host && host.shadowRoot.activeElement != null;
      });
      assert.ok(focusInside, 'open() did not move the focus into the form');
      await page.locator(`${SEL.box}[data-purpose="enquetes"][data-channel="email"]`).check();
      await page.locator(SEL.submit).click();
      const [, { detail: second }] = await waitForEvents(page, 'limpide:receipt', 2);
      await waitForState(page, 'summary');
      assert.deepEqual(await page.evaluate(() => document.querySelector('limpide-consent').receipts()), [first.receipt, second.receipt]);
      // The warning about clearing the site's data, where the pupil decides.
      await page.evaluate(() => document.querySelector('limpide-consent').open());
      await waitForState(page, 'form');
      const warning = page.locator('section.limpide .limpide-site-data');
      assert.match(await warning.innerText(), /^Clearing this site's data also deletes the receipts kept on this device: download them/);
    } finally {
      await context.close();
    }
  });
});
