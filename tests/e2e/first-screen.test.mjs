// The first screen of a phone (390 × 844 CSS px): the pupil meets the
// question, not the controller's address book. Layered information, as the
// EDPB's transparency guidelines describe it: the controller's name in one
// line of the form's header, its address, contact, DPO and policy one tap
// away in a disclosure, which opens without JavaScript too. The purposes
// start within the first screen in the pre-rendered form (before the wasm,
// and with JavaScript off) and in the live one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';

import { SEL, gotoOk, newContext, waitForForm } from './browser.mjs';
import { NOTICE } from './receipt.mjs';

const suite = useSuite();

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** Where the first screen ends, and what of the form's header lies in it. */
async function firstScreen(page) {
  return page.evaluate(() => {
    const shadow = document.querySelector('#limpide-demo').shadowRoot;
    const controller = shadow.querySelector('details[data-controller]');
    const summary = controller.querySelector('summary');
    const lines = summary.getClientRects().length && Math.round(summary.getBoundingClientRect().height / parseFloat(getComputedStyle(summary).lineHeight));
    return {
      screen: innerHeight,
      sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      firstPurposeTop: shadow.querySelector('fieldset.limpide-purpose').getBoundingClientRect().top + scrollY,
      summary: summary.textContent,
      summaryLines: lines,
      open: controller.open,
      hidden: [...controller.querySelectorAll('dd')].map((dd) => dd.checkVisibility()),
      details: controller.querySelector('dl').textContent,
    };
  });
}

/** Opens the disclosure as a pupil does (a tap), and reads it again. */
async function tapController(page) {
  await page.locator('details[data-controller] > summary').tap();
  return firstScreen(page);
}

const { controller } = NOTICE;

/**
 * One line of information: the name and a hint, no list. The demo's name is
 * long (41 characters), so at 390 px that line wraps once.
 */
function assertOneLine(seen, when) {
  assert.ok(seen.summaryLines <= 2, `${when}: the controller's line takes ${seen.summaryLines} lines: ${seen.summary}`);
}

function assertLayered(seen, when) {
  assert.equal(seen.sideways, 0, `${when}: the page scrolls sideways by ${seen.sideways}px (a phone would zoom out)`);
  assert.ok(seen.firstPurposeTop < seen.screen, `${when}: the first purpose starts at ${seen.firstPurposeTop}px, below the ${seen.screen}px screen`);
  assert.ok(seen.summary.includes(controller.name), `${when}: the summary names the controller: ${seen.summary}`);
  assert.equal(seen.open, false, `${when}: the details start closed`);
  assert.deepEqual(seen.hidden, [false, false, false, false], `${when}: address, contact, DPO and policy wait behind the tap`);
  for (const part of [controller.address, controller.contact, controller.dpo, NOTICE.policy_url]) {
    assert.ok(seen.details.includes(part), `${when}: the disclosure holds ${part}`);
  }
}

test('on a 390 × 844 phone the purposes start on the first screen; the controller in one line, the rest a tap away (pre-rendered, then live)', async () => {
  const context = await newContext(suite.browser, PHONE);
  try {
    const page = await context.newPage();
    // Hold the wasm back: what shows is the pre-rendered form alone.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route('**/limpide_bg*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await gotoOk(page, suite.server.url);
    await page.locator(`${SEL.root}[data-state="form"]`).first().waitFor({ state: 'attached' });
    const prerendered = await firstScreen(page);
    assertLayered(prerendered, 'pre-rendered');
    assertOneLine(prerendered, 'pre-rendered');
    release();
    await waitForForm(page, undefined, { age: null });
    const live = await firstScreen(page);
    assertLayered(live, 'live');
    assertOneLine(live, 'live');
    const opened = await tapController(page);
    assert.deepEqual(opened.hidden, [true, true, true, true], 'a tap shows address, contact, DPO and policy');
  } finally {
    await context.close();
  }
});

test('with JavaScript off, the pre-rendered form starts its purposes on the first screen and its disclosure still opens', async () => {
  const context = await newContext(suite.browser, { ...PHONE, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await gotoOk(page, suite.server.url);
    await page.locator(`${SEL.root}[data-state="form"]`).first().waitFor({ state: 'attached' });
    assertLayered(await firstScreen(page), 'without JavaScript');
    const opened = await tapController(page);
    assert.deepEqual(opened.hidden, [true, true, true, true], 'without JavaScript, a tap shows address, contact, DPO and policy');
  } finally {
    await context.close();
  }
});
