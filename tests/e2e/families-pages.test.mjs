// The families' pages in both languages and at 320 CSS px: axe finds
// nothing, and nothing scrolls sideways (WCAG 1.4.10).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSuite, openSuite } from './suite.mjs';
import { gotoOk, newContext } from './browser.mjs';
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
          const { scroll, client } = await tab.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          assert.ok(scroll <= client, `${page} (${lang}) scrolls sideways at ${width} px: ${scroll}px in ${client}px`);
          const switcher = await tab.locator('#switch-language').getAttribute('href');
          assert.equal(switcher, `?lang=${lang === 'fr' ? 'en' : 'fr'}`);
        } finally {
          await context.close();
        }
      }
    });
  }
}
