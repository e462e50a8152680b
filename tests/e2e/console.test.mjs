// The staff's console (/console) of the real service: sign-in, the DPO's
// screen and the communications team's, in French and English, at 320 CSS
// px and at 1280: no axe violation, no sideways scroll, no CSP violation,
// nothing loaded from elsewhere; and the whole sign-in and sign-out with
// JavaScript off.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { assertNoLeaks, assertNoSidewaysScroll, newContext } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';
import { runCli, tempDir } from './receipt.mjs';
import { root } from './server.mjs';
import { startService } from './service.mjs';

let service;

const suite = useSuite({
  server: async () => {
    service = await startService({ allowOrigin: 'http://127.0.0.1:9' });
    // One receipt, so that the DPO's screen has counts and a chart.
    const keys = tempDir('limpide-console-');
    after(() => keys.cleanup());
    const key = join(keys.dir, 'pupil.jwk');
    assert.equal(runCli(['keygen', '--out', key]).status, 0);
    const signed = runCli([
      'sign', '--key', key, '--notice', join(root, 'www', 'notices', 'pass-region.json'),
      '--grant', 'bons-plans:sms', '--subject', 'eleve-0001',
    ]);
    assert.equal(signed.status, 0, signed.stderr);
    const posted = await service.postReceipt(signed.stdout, 'eleve-0001');
    assert.equal(posted.status, 200, await posted.text());
    return {};
  },
});
after(() => service?.stop());

/** Signs `who` in through the form, as a person does. */
async function signIn(page, who, lang) {
  await page.goto(`${service.url}/console/sign-in?lang=${lang}`);
  await page.locator('#account').fill(who.account);
  await page.locator('#password').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(`${service.url}/console?lang=${lang}`);
}

for (const lang of ['fr', 'en']) {
  test(`the console in ${lang}, at 320 CSS px and at 1280: sign-in, the DPO's and the communications team's screens`, async () => {
    for (const width of [320, 1280]) {
      for (const role of ['dpo', 'communications']) {
        const context = await newContext(suite.browser, { viewport: { width, height: 800 } });
        try {
          const page = await context.newPage();
          const response = await page.goto(`${service.url}/console?lang=${lang}`);
          assert.equal(new URL(page.url()).pathname, '/console/sign-in');
          assert.match(response.headers()['content-security-policy'], /default-src 'none'/);
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
          await assertNoViolations(page, null, `sign-in (${lang}, ${width} px)`);
          await assertNoSidewaysScroll(page, `sign-in (${lang}) at ${width} px`);
          await signIn(page, service.people[role], lang);
          const what = `${role}'s screen (${lang}, ${width} px)`;
          await assertNoViolations(page, null, what);
          await assertNoSidewaysScroll(page, what);
          const text = await page.locator('main').innerText();
          if (role === 'dpo') {
            // The purposes by their titles, in the page's language; the chart.
            assert.match(text, lang === 'fr' ? /Recevoir les bons plans/ : /Receive offers from the pass/);
            assert.equal(await page.locator('main svg').count() > 0, true);
            assert.doesNotMatch(text, /eleve-/);
          } else {
            assert.doesNotMatch(text, /bons plans|offers/i);
          }
          await assertNoLeaks(context, service.url);
        } finally {
          await context.close();
        }
      }
    }
  });
}

test('with JavaScript off: sign in, see the screen, sign out; the session is gone', async () => {
  const context = await newContext(suite.browser, { javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await signIn(page, service.people.dpo, 'en');
    assert.match(await page.locator('h1').innerText(), /Data-protection officer/);
    await page.locator('header button[type="submit"]').click();
    await page.waitForURL(/\/console\/sign-in/);
    assert.match(await page.locator('[role="status"]').innerText(), /signed out/);
    const again = await page.goto(`${service.url}/stats`);
    assert.equal(again.status(), 401);
  } finally {
    await context.close();
  }
});
