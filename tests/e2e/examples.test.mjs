// The example pages shipped in dist/examples/ work as written: the form
// renders, under the strict CSP, with no request to another origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';

import { SEL, assertNoLeaks, gotoOk, newContext, openForm, waitForForm } from './browser.mjs';

const suite = useSuite();

for (const example of ['custom-element.html', 'mount.html', 'theme.html']) {
  test(`examples/${example} shows the form under the strict CSP`, async () => {
    const { context, page } = await openForm(suite.browser, `${suite.server.url}examples/${example}`);
    try {
      assert.ok((await page.locator(SEL.box).count()) >= 5);
      if (example === 'mount.html') {
        await page.getByText('mounted; 0 receipt(s) on this device').waitFor();
        await page.locator(SEL.refuseAll).click();
        await page.getByText(/^limpide:receipt [0-9a-f-]{36}$/).waitFor();
      }
      if (example === 'theme.html') {
        const bg = await page.locator(SEL.refuseAll).evaluate((b) => getComputedStyle(b).backgroundColor);
        assert.equal(bg, 'rgb(11, 110, 79)');
      }
      await assertNoLeaks(context, suite.server.origin);
    } finally {
      await context.close();
    }
  });
}

test('the demo page fetches each file once: its preload hints are the requests the widget makes', async () => {
  const context = await newContext(suite.browser);
  try {
    const page = await context.newPage();
    const seen = [];
    page.on('request', (request) => seen.push(new URL(request.url()).pathname));
    await gotoOk(page, suite.server.url);
    await waitForForm(page);
    // A preload the widget's own request does not match is fetched twice,
    // and Chromium warns after a few seconds that it went unused.
    await page.waitForTimeout(3500);
    for (const file of ['/limpide.js', '/limpide_bg.wasm', '/notices/pass-region.json', '/limpide.css']) {
      assert.equal(seen.filter((path) => path === file).length, 1, `${file} requested ${seen.filter((p) => p === file).length} times`);
    }
    assert.deepEqual(context.problems.filter((p) => /preload/i.test(p)), []);
  } finally {
    await context.close();
  }
});
