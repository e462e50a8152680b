// The families' pages in both languages and at 320 CSS px: axe finds
// nothing, and nothing scrolls sideways (WCAG 1.4.10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { SEL, assertNoSidewaysScroll, box, gotoOk, openForm, openPage, waitForEvents, waitForReady } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';

const suite = useSuite();

for (const page of ['verify.html', 'receipts.html']) {
  for (const lang of ['fr', 'en']) {
    test(`${page} in ${lang}, at 320 CSS px and at 1280: no axe violation, no sideways scroll`, async () => {
      for (const width of [320, 1280]) {
        const { context, page: tab } = await openPage(suite.browser, `${suite.server.url}${page}?lang=${lang}`, { context: { viewport: { width, height: 800 } } });
        try {
          await tab.waitForFunction((lang) => document.documentElement.lang === lang, lang, { timeout: 10000 });
          await assertNoViolations(tab, null, `${page} (${lang}, ${width} px)`);
          await assertNoSidewaysScroll(tab, `${page} (${lang}) at ${width} px`);
          const switcher = await tab.locator('#switch-language').getAttribute('href');
          assert.equal(switcher, `?lang=${lang === 'fr' ? 'en' : 'fr'}`);
        } finally {
          await context.close();
        }
      }
    });
  }
}

test('verify.html by keyboard alone: Tab to the text box, paste, Tab to Check, Enter; the verdict takes the focus', async () => {
  const { context, page: tab } = await openPage(suite.browser, `${suite.server.url}verify.html`);
  try {
    const focused = () => tab.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
    const tabTo = async (id) => {
      for (let i = 0; i < 20 && (await focused()) !== id; i++) await tab.keyboard.press('Tab');
      assert.equal(await focused(), id, `Tab never reached #${id}`);
    };
    await tabTo('receipt-text');
    await tab.keyboard.insertText('{"payload": "e30", "signatures": [');
    for (let i = 0; i < 20; i++) {
      await tab.keyboard.press('Tab');
      if (await tab.evaluate(() => document.activeElement?.matches('#verify-form button[type="submit"]'))) break;
    }
    assert.ok(await tab.evaluate(() => document.activeElement?.matches('#verify-form button[type="submit"]')), 'Tab never reached Check');
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.getElementById('result').dataset.valid === 'false', null, { timeout: 10000 });
    assert.equal(await focused(), 'result', 'the verdict did not take the focus');
    assert.match(await tab.locator('[data-problems]').innerText(), /not valid JSON/);
  } finally {
    await context.close();
  }
});

/** What has the keyboard's focus, looking into the widget's shadow root: a selector-like description. */
function focusedDeep(tab) {
  return tab.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const attributes = ['id', 'data-action', 'data-change', 'data-print', 'data-purpose', 'data-channel']
      .filter((name) => el.hasAttribute(name))
      .map((name) => `[${name}="${el.getAttribute(name)}"]`);
    return `${el.tagName.toLowerCase()}${attributes.join('')}${el.matches(':focus-visible') ? ':focus-visible' : ''}`;
  });
}

/** Presses Tab until the focus matches `pattern`; says where it went if it never does. */
async function tabUntil(tab, pattern, max = 40) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await tab.keyboard.press('Tab');
    const now = await focusedDeep(tab);
    if (pattern.test(now)) return now;
    seen.push(now);
  }
  throw new Error(`Tab never reached ${pattern}; it went through ${seen.join(' → ')}`);
}

test('receipts.html by keyboard alone: change a choice in place, print the new receipt, import a file', async () => {
  const { context, page: form } = await openForm(suite.browser, suite.server.url, { events: true });
  try {
    await form.locator(box('bons-plans', 'sms')).check();
    await form.locator(SEL.submit).click();
    await waitForEvents(form, 'limpide:receipt', 1);
    const [exported] = await Promise.all([form.waitForEvent('download', { timeout: 10000 }), form.locator(SEL.download).click()]);
    const receiptFile = await exported.path();

    const tab = await context.newPage();
    await gotoOk(tab, `${suite.server.url}receipts.html`);
    await waitForReady(tab);

    // "Change my choices": the form opens in place and takes the focus (the
    // pressed button is disabled, so the focus must not fall to the page).
    assert.match(await tabUntil(tab, /\[data-change=""\]/), /:focus-visible/, 'no visible focus on "Change my choices"');
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.querySelector('[data-form-host]')?.shadowRoot?.activeElement != null, null, { timeout: 15000 });
    // The form opens with the choices kept: the first box has the focus.
    assert.match(await focusedDeep(tab), /^input.*:focus-visible$/, 'the opened form did not take the focus');
    if (!/\[data-purpose="bons-plans"\]\[data-channel="sms"\]/.test(await focusedDeep(tab))) {
      await tabUntil(tab, /\[data-purpose="bons-plans"\]\[data-channel="sms"\]/);
    }
    assert.ok(await tab.locator('[data-form-host]').locator(box('bons-plans', 'sms')).isChecked(), 'the form did not open with the kept choice');
    await tab.keyboard.press('Space');
    await tabUntil(tab, /\[data-action="submit"\]/);
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.querySelectorAll('[data-notice="pass-region"] [data-receipts] li').length === 2, null, { timeout: 15000 });
    assert.equal(await tab.locator('[data-now] [data-box="bons-plans:sms"]').getAttribute('data-decision'), 'refused');

    // Print the newest receipt: its link is the first in the list.
    await tab.locator('#switch-language').focus();
    await tabUntil(tab, /\[data-print=""\]/);
    const newest = await tab.locator('[data-receipts] li').first().locator('[data-print]').evaluate((a) => a === document.activeElement);
    assert.ok(newest, 'the first print link Tab reaches is not the newest receipt\'s');
    await tab.keyboard.press('Enter');
    await tab.waitForURL(/print\.html#/, { timeout: 10000 });
    await waitForReady(tab, 10000);
    assert.match(await tab.locator('main').innerText(), /Recevoir les bons plans/);
    await tab.goBack();
    await waitForReady(tab);

    // Import by keyboard: the file input opens the chooser, then Import.
    await tabUntil(tab, /#import-file|\[id="import-file"\]/);
    const [chooser] = await Promise.all([tab.waitForEvent('filechooser', { timeout: 10000 }), tab.keyboard.press('Space')]);
    await chooser.setFiles(receiptFile);
    await tabUntil(tab, /^button(:focus-visible)?$/);
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.getElementById('import-result').dataset.outcome !== undefined, null, { timeout: 15000 });
    assert.match(await tab.locator('#import-result').innerText(), /0 reçu\(s\) importé\(s\), 1 déjà gardé\(s\)/);
  } finally {
    await context.close();
  }
});
