// The families' pages in both languages and at 320 CSS px: axe finds
// nothing, and nothing scrolls sideways (WCAG 1.4.10).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSuite, openSuite } from './suite.mjs';
import { assertNoSidewaysScroll, gotoOk, newContext } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';

let server;
let browser;
let temp;

before(async () => ({ server, browser, temp } = await openSuite()));
after(() => closeSuite({ server, browser, temp }));

for (const page of ['verify.html', 'receipts.html']) {
  for (const lang of ['fr', 'en']) {
    test(`${page} in ${lang}, at 320 CSS px and at 1280: no axe violation, no sideways scroll`, async () => {
      for (const width of [320, 1280]) {
        const context = await newContext(browser, { viewport: { width, height: 800 } });
        const tab = await context.newPage();
        try {
          await gotoOk(tab, `${server.url}${page}?lang=${lang}`);
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
  const context = await newContext(browser);
  const tab = await context.newPage();
  try {
    await gotoOk(tab, `${server.url}verify.html`);
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
