// Accessibility (axe-core, inside the widget's open shadow root) of every
// state of the widget: the form in French and English, at 320 CSS pixels
// wide, the summary, the summary when storage failed, and the error state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { SEL, assertNoSidewaysScroll, box, denyStorage, engineOf, mountUrl, openForm, openPage, waitForForm, waitForState } from './browser.mjs';
import { eachEngine } from './engines.mjs';
import { assertNoViolations } from './axe.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/**
 * The accessible names of the form's checkboxes, in order, and a readable
 * account of how they were found.
 * - Chromium: Playwright's aria snapshot (the accname computation).
 * - Firefox: BiDi cannot read the accessibility tree, but it can locate
 *   nodes by accessible name through Firefox's own accessibility engine
 *   (browsingContext.locateNodes). Each box's name is worked out from what
 *   labels it (aria-labelledby, else its <label>), and must locate exactly
 *   that box, and it alone.
 */
async function checkboxNames(page) {
  if (engineOf(page) === 'chromium') {
    const snapshot = await page.locator(SEL.form).ariaSnapshot();
    return { names: [...snapshot.matchAll(/- checkbox "([^"]*)"/g)].map((m) => m[1]), snapshot };
  }
  const labelled = await page.locator(SEL.box).evaluateAll((boxes) =>
    boxes.map((el) => {
      const root = el.getRootNode();
      const by = el.getAttribute('aria-labelledby');
      const text = by ? by.split(/\s+/).map((id) => root.getElementById(id)?.textContent ?? '').join(' ') : [...el.labels].map((l) => l.textContent).join(' ');
      return { id: el.id, name: text.replace(/\s+/g, ' ').trim() };
    }),
  );
  const names = [];
  for (const { id, name } of labelled) {
    const found = await page.puppeteer.$$(`#host >>> ::-p-aria([name="${name.replace(/["\\]/g, '\\$&')}"][role="checkbox"])`);
    const ids = await Promise.all(found.map((handle) => handle.evaluate((el) => el.id)));
    assert.deepEqual(ids, [id], `Firefox's accessible name of #${id} is not "${name}" (that name locates ${JSON.stringify(ids)})`);
    names.push(name);
  }
  return { names, snapshot: JSON.stringify(labelled, null, 1) };
}

/** A fresh profile with the demo's form shown (openForm's `options`). */
function demo(options) {
  return openForm(suite.browser, suite.server.url, options);
}

async function submitOne(page) {
  await page.locator(box('bons-plans', 'sms')).check();
  await page.locator(SEL.submit).click();
  await waitForState(page, 'summary');
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('the form (French) has no axe violation', async () => {
    const { context, page } = await demo();
    try {
      // Open every <details>, so their contents are audited too.
      assert.equal(await page.locator(SEL.root).getAttribute('lang'), 'fr', 'the form is not in French');
      await page.locator(`${SEL.form} details`).evaluateAll((els) => els.forEach((d) => (d.open = true)));
      await assertNoViolations(page, '#limpide-demo', 'the form');
    } finally {
      await context.close();
    }
  });

  test('the form in English, and its summary, have no axe violation', async () => {
    const { context, page } = await demo();
    try {
      await page.locator('button[data-action="language"][data-lang="en"]').click();
      await page.locator(`${SEL.root}[lang="en"]`).waitFor({ timeout: 5000 });
      await assertNoViolations(page, '#limpide-demo', 'the English form');
      await submitOne(page);
      await assertNoViolations(page, '#limpide-demo', 'the English summary');
    } finally {
      await context.close();
    }
  });

  test('at 320 CSS pixels wide, the form and the summary have no axe violation and no sideways scroll', async () => {
    const { context, page } = await demo({ context: { viewport: { width: 320, height: 640 } } });
    try {
      await assertNoViolations(page, '#limpide-demo', 'the form at 320px');
      await assertNoSidewaysScroll(page, 'the form at 320px');
      await submitOne(page);
      await assertNoViolations(page, '#limpide-demo', 'the summary at 320px');
      await assertNoSidewaysScroll(page, 'the summary at 320px');
    } finally {
      await context.close();
    }
  });

  test('the summary (French, with its history) has no axe violation', async () => {
    const { context, page } = await demo();
    try {
      await submitOne(page);
      await page.locator(SEL.storageSaved).waitFor({ timeout: 5000 });
      await assertNoViolations(page, '#limpide-demo', 'the summary');
      await page.locator(SEL.change).click();
      await waitForForm(page);
      await assertNoViolations(page, '#limpide-demo', 'the form showing the latest choices and the history');
    } finally {
      await context.close();
    }
  });

  test('the summary when storage failed has no axe violation', async () => {
    const { context, page } = await demo({ init: [denyStorage] });
    try {
      await submitOne(page);
      await page.locator(SEL.storageFailed).waitFor({ timeout: 5000 });
      await assertNoViolations(page, '#limpide-demo', 'the storage-failed summary');
    } finally {
      await context.close();
    }
  });

  test('the error state (invalid notice) has no axe violation', async () => {
    const { context, page } = await openPage(suite.browser, mountUrl(suite.server, '/fixtures/bundled.json'));
    try {
      await page.evaluate(() => window.__mounted);
      await waitForState(page, 'error');
      await assertNoViolations(page, '#host', 'the error state');
    } finally {
      await context.close();
    }
  });

  test('every checkbox has its own accessible name, the purpose with the channel', async () => {
    const { context, page } = await openForm(suite.browser, mountUrl(suite.server, '/notices/pass-region.json', 'en'), { context: { locale: 'en-GB' } });
    try {
      // The names a screen reader gives.
      const { names, snapshot } = await checkboxNames(page);
      assert.equal(names.length, await page.locator(SEL.box).count(), snapshot);
      assert.equal(new Set(names).size, names.length, `two checkboxes share a name:\n${names.join('\n')}`);
      assert.ok(
        names.some((n) => /^Receive offers from the pass's partners.*\bSMS\b/.test(n)),
        `no name gives both the purpose and the channel:\n${names.join('\n')}`,
      );
    } finally {
      await context.close();
    }
  });

  test('in the dark scheme, the form and its summary have no axe violation (contrast included)', async () => {
    const { context, page } = await demo({ context: { colorScheme: 'dark' } });
    try {
      const look = await page.locator(SEL.root).evaluate((root) => {
        const box = root.querySelector('input[type="checkbox"]');
        return { background: getComputedStyle(root).backgroundColor, controls: getComputedStyle(box).colorScheme };
      });
      assert.equal(look.background, 'rgb(23, 23, 28)', 'the dark values did not apply');
      assert.equal(look.controls, 'light dark', 'native controls do not follow the scheme');
      await page.locator(`${SEL.form} details`).evaluateAll((els) => els.forEach((d) => (d.open = true)));
      await assertNoViolations(page, '#limpide-demo', 'the dark form');
      await submitOne(page);
      await assertNoViolations(page, '#limpide-demo', 'the dark summary');
    } finally {
      await context.close();
    }
  });
});
