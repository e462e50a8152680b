// The printable receipt (www/print.html) leaves no receipt in the address
// or the browser's history (issue 23, section 2): it reads the receipt and
// the notice from the fragment, then clears it (history.replaceState); the
// tab's sessionStorage keeps them, so a reload, or going back to the page,
// still shows the receipt. Chromium and Firefox ESR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { openPage, waitForReady, waitUntil } from './browser.mjs';
import { NOTICE_PATH as NOTICE, cli } from './receipt.mjs';

const suite = {};

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('after load, neither the address nor the history holds the receipt; a reload and going back still show it', async () => {
    const key = join(suite.temp.dir, 'pupil.jwk');
    execFileSync(cli(), ['keygen', '--out', key], { stdio: 'ignore' });
    const receipt = execFileSync(cli(), ['sign', '--key', key, '--notice', NOTICE, '--grant', 'bons-plans:sms', '--subject', 'eleve-0042'], { encoding: 'utf8' }).trim();
    const encode = (text) => Buffer.from(text, 'utf8').toString('base64url');
    const fragment = `receipt=${encode(receipt)}&notice=${encode(readFileSync(NOTICE, 'utf8'))}`;
    const { context, page } = await openPage(suite.browser, `${suite.server.url}print.html#${fragment}`);
    try {
      await waitForReady(page);
      const digest = await page.locator('[data-digest]').textContent();
      const clean = `${suite.server.url}print.html`;
      assert.equal(await page.evaluate(() => location.href), clean, 'the receipt is still in the address');

      await page.reload();
      await waitForReady(page);
      assert.equal(await page.locator('[data-digest]').textContent(), digest, 'a reload lost the receipt');
      assert.equal(await page.evaluate(() => location.href), clean);

      // The history's entry is the clean address too: leave, then come back.
      await page.goto(`${suite.server.url}verify.html`);
      await page.evaluate(() => setTimeout(() => history.back(), 0));
      // Polled while the page navigates: a read may land between documents.
      const back = () => page.evaluate(() => location.pathname.endsWith('/print.html') && document.body?.dataset.ready !== undefined).catch(() => false);
      await waitUntil(back, 15000, () => 'going back did not bring the printable receipt');
      assert.equal(await page.evaluate(() => location.href), clean, 'the history kept the receipt');
      assert.equal(await page.locator('[data-digest]').textContent(), digest);
    } finally {
      await context.close();
    }
  });
});
