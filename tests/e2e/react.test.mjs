// The React example of docs/embedding.md, built by Vite into
// dist/examples/react/: the form mounts through <Consent>, its receipt
// reaches the app's callback, a changed prop mounts it again with the
// choices kept, and unmounting leaves no widget behind; all under the
// strict CSP, with no request to another origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSuite } from './suite.mjs';
import { SEL, assertNoLeaks, box, openForm, waitForEvents, waitForForm } from './browser.mjs';
import { assertVerifies, decodePayload } from './receipt.mjs';

const suite = useSuite();

test('the React example: mount, receipt to the callback, remount on a new lang, unmount', async () => {
  const { context, page } = await openForm(suite.browser, `${suite.server.url}examples/react/index.html`, { events: true });
  try {
    assert.equal(await page.locator(SEL.root).getAttribute('lang'), 'en');
    assert.equal(await page.locator(`${SEL.box}:checked`).count(), 0, 'a box is ticked on first open');

    await page.locator(box('bons-plans', 'sms')).check();
    await page.locator(SEL.submit).click();
    const [event] = await waitForEvents(page, 'limpide:receipt');
    const id = decodePayload(event.detail.receipt).payload.receipt_id;
    await page.locator('#log li', { hasText: `receipt ${id}` }).waitFor();
    assertVerifies(event.detail.receipt, suite.temp.dir, 'react.json');

    // A new `lang` prop: destroy() then mount() again; the form shows the
    // latest receipt's choices, in French.
    await page.locator('[data-example="lang"]').click();
    await page.locator('section.limpide[lang="fr"][data-state="form"]').waitFor();
    await waitForForm(page);
    assert.equal(await page.locator(SEL.root).count(), 1, 'the old form was not removed');
    assert.ok(await page.locator(box('bons-plans', 'sms')).isChecked());
    assert.equal(await page.locator(`${SEL.box}:checked`).count(), 1);

    // Unmounted by React: no widget is left in the page.
    await page.locator('[data-example="toggle"]').click();
    await page.waitForFunction(() => !document.querySelector('#app div'));
    assert.equal(await page.locator(SEL.root).count(), 0);
    await page.locator('[data-example="toggle"]').click();
    await waitForForm(page);

    assert.deepEqual(
      await page.locator('#log li').allTextContents(),
      [`receipt ${id}`],
      'one receipt, and no error, reached the app',
    );
    await assertNoLeaks(context, suite.server.origin);
  } finally {
    await context.close();
  }
});

test('docs/embedding.md shows the React component exactly as the example builds it', () => {
  const docs = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
  const component = readFileSync(new URL('../../examples/react-app/src/Consent.jsx', import.meta.url), 'utf8');
  assert.ok(docs.includes('```jsx\n' + component + '```'), 'the ```jsx block differs from examples/react-app/src/Consent.jsx');
});
