// The pre-rendered form (`limpide render`, put into the demo page by
// `cargo xtask build`): visible before any script, usable before the wasm
// has arrived, taken over by the widget without losing what the pupil did;
// rendered again when it was made from another notice; readable without
// JavaScript. The wasm is held back by the test server until a test lets
// it through, as a slow connection would.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { CSP, dist, wasmGate } from './server.mjs';
import {
  box,
  engineOf,
  events,
  SEL,
  openPage,
  waitForEvents,
  waitForForm,
  waitForState,
} from './browser.mjs';
import { assertVerifies, decodePayload } from './receipt.mjs';

/** A notice served in place of the demo's, with the first purpose's description changed. */
function changedNotice() {
  const notice = JSON.parse(readFileSync(join(dist, 'notices', 'pass-region.json'), 'utf8'));
  notice.purposes[0].description.fr += ' (texte mis à jour)';
  return JSON.stringify(notice);
}

/** The demo page's pre-rendered shadow root, for a page of the test's own. */
function demoSnippet() {
  const page = readFileSync(join(dist, 'index.html'), 'utf8');
  const snippet = page.match(/<template shadowrootmode="open">[\s\S]*?<\/template>/)?.[0];
  assert.ok(snippet, 'dist/index.html has no pre-rendered form: is dist/ built by `cargo xtask build`?');
  return snippet;
}

const gate = wasmGate();
/** What /notices/pass-region.json answers: the demo's notice, or another version. */
let noticeOverride = null;

async function handler(req, res) {
  const { pathname } = new URL(req.url, 'http://x');
  if (pathname === '/notices/pass-region.json' && noticeOverride) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(noticeOverride);
    return true;
  }
  if (pathname === '/test/element-prerendered.html') {
    const body = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>pre-rendered element</title>
      <script type="module" src="/limpide-element.js"></script></head>
      <body><limpide-consent notice="/notices/pass-region.json">${demoSnippet().replace('href="limpide.css"', 'href="/limpide.css"')}</limpide-consent></body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': CSP });
    res.end(body);
    return true;
  }
  return gate.handler(req);
}

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** The shadow root the demo renders into, as a page function's argument. */
const DEMO = '#limpide-demo';

/** Opens the demo page with the wasm held back; the pre-rendered form is shown. */
async function heldDemo(options = {}) {
  gate.close();
  const { context, page } = await openPage(suite.browser, suite.server.url, { events: true, context: options });
  await page.locator(`${SEL.form} ${SEL.box}`).first().waitFor({ state: 'visible', timeout: 10000 });
  return { context, page };
}

/** Whether the widget has taken the form over yet. */
function isLive(page) {
  return page.evaluate((host) => !!document.querySelector(host).shadowRoot.querySelector('[data-limpide-live]'), DEMO);
}

eachEngine((engine) => {
  // The held requests are let through before the server closes.
  after(() => gate.open());
  useSuite({ engine, server: { handler } }, suite);

  test('the demo shows its whole form before any script, every box unticked, and a submit pressed early waits visibly and is then honoured', async () => {
    const { context, page } = await heldDemo();
    try {
      assert.equal(await isLive(page), false, 'the widget ran although its wasm was held back');
      assert.equal(await page.locator('fieldset.limpide-purpose').count(), 5);
      assert.equal(await page.locator(SEL.box).count(), 10);
      assert.equal(await page.locator(`${SEL.box}:checked`).count(), 0, 'a box is ticked ahead of the pupil');
      assert.ok(await page.locator('fieldset.limpide-purpose legend').first().isVisible());

      await page.locator('input[data-age="at-or-over"]').check(); // asked before any grant
      await page.locator(box('bons-plans', 'sms')).check();
      await page.locator(box('enquetes', 'email')).check();
      await page.locator(SEL.submit).click();
      assert.ok(await page.locator('.limpide-waiting').isVisible(), 'the early submit shows no waiting state');
      assert.equal(await page.locator('form[aria-busy="true"]').count(), 1);
      assert.equal(await page.locator(`${SEL.box}:disabled`).count(), 10, 'the boxes can still change while the press waits');
      assert.equal((await events(page, 'limpide:receipt')).length, 0);

      gate.open();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      await waitForState(page, 'summary');
      const { payload } = decodePayload(detail.receipt);
      const granted = payload.purposes.flatMap((p) =>
        Object.entries(p.channels ?? {}).filter(([, d]) => d === 'granted').map(([c]) => `${p.id}:${c}`),
      );
      assert.deepEqual(granted.sort(), ['bons-plans:sms', 'enquetes:email']);
      assertVerifies(detail.receipt, suite.temp.dir, `prerender-${engine}.json`);
      assert.equal(await page.locator('.limpide-waiting').isVisible(), false, 'the waiting note stayed');
    } finally {
      await context.close();
    }
  });

  test('boxes ticked before the wasm are kept when the widget takes the form over, on the very same elements', async () => {
    const { context, page } = await heldDemo();
    try {
      await page.locator(box('actualites-programmes', 'post')).check();
      await page.evaluate((host) => {
        window.__ticked = document.querySelector(host).shadowRoot.querySelector('input[data-purpose="actualites-programmes"][data-channel="post"]');
      }, DEMO);
      const languageDisabled = () => page.locator('button[data-action="language"]').evaluateAll((buttons) => buttons.map((b) => b.disabled));
      assert.deepEqual(await languageDisabled(), [true, true], 'a language button that cannot work yet is enabled');
      gate.open();
      await waitForForm(page);
      assert.deepEqual(await languageDisabled(), [false, false], 'the language buttons stayed disabled');
      assert.equal(await page.locator(`${SEL.box}:checked`).count(), 1);
      assert.ok(await page.locator(box('actualites-programmes', 'post')).isChecked());
      const same = await page.evaluate((host) => window.__ticked === document.querySelector(host).shadowRoot.querySelector('input[data-purpose="actualites-programmes"][data-channel="post"]'), DEMO);
      assert.ok(same, 'the box was replaced, not hydrated');
      const noscript = await page.evaluate((host) => document.querySelector(host).shadowRoot.querySelectorAll('noscript').length, DEMO);
      assert.equal(noscript, 0, 'the <noscript> note stayed once scripts ran');
      // The widget runs the boxes now: another tick and a save record both.
      await page.locator(box('enquetes', 'email')).check();
      await page.locator(SEL.submit).click();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      const { payload } = decodePayload(detail.receipt);
      const decision = (id, channel) => payload.purposes.find((p) => p.id === id).channels[channel];
      assert.equal(decision('actualites-programmes', 'post'), 'granted');
      assert.equal(decision('enquetes', 'email'), 'granted');
      assert.equal(decision('bons-plans', 'sms'), 'refused');
    } finally {
      await context.close();
    }
  });

  test('refuse-all pressed before the wasm is honoured as refuse-all', async () => {
    const { context, page } = await heldDemo();
    try {
      await page.locator(box('bons-plans', 'email')).check();
      await page.locator(SEL.refuseAll).click();
      assert.ok(await page.locator('.limpide-waiting').isVisible());
      gate.open();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      const { payload } = decodePayload(detail.receipt);
      const decisions = payload.purposes.flatMap((p) => Object.values(p.channels ?? { _: p.status }));
      assert.ok(decisions.length > 0 && decisions.every((d) => d === 'refused'), JSON.stringify(decisions));
    } finally {
      await context.close();
    }
  });

  test('a pre-rendered form made from another notice is rendered again: ticks on unchanged texts are kept, an early submit is refused visibly', async () => {
    noticeOverride = changedNotice();
    const { context, page } = await heldDemo();
    try {
      await page.locator('input[data-age="at-or-over"]').check(); // asked before any grant
      await page.locator(box('bons-plans', 'sms')).check(); // its description changes
      await page.locator(box('enquetes', 'email')).check(); // unchanged
      await page.locator(SEL.submit).click();
      gate.open();
      await waitForForm(page);
      await page.locator('[data-form-error]').waitFor({ state: 'visible', timeout: 10000 });
      assert.match(await page.locator('[data-form-error]').innerText(), /mis à jour pendant son chargement/);
      assert.equal(await page.locator(box('bons-plans', 'sms')).isChecked(), false, 'a tick on changed texts was kept');
      assert.equal(await page.locator(box('enquetes', 'email')).isChecked(), true, 'a tick on unchanged texts was lost');
      assert.match(await page.locator('fieldset.limpide-purpose p').first().innerText(), /texte mis à jour/);
      assert.equal((await events(page, 'limpide:receipt')).length, 0, 'a stale early submit was signed');
      await page.locator(SEL.submit).click();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      assert.equal(decodePayload(detail.receipt).payload.purposes.find((p) => p.id === 'enquetes').channels.email, 'granted');
    } finally {
      noticeOverride = null;
      await context.close();
    }
  });

  test('<limpide-consent> with a pre-rendered form holds an early submit and honours it', async () => {
    gate.close();
    const { context, page } = await openPage(suite.browser, `${suite.server.url}test/element-prerendered.html`, { events: true });
    try {
      await page.locator('input[data-age="at-or-over"]').check(); // asked before any grant
      await page.locator(box('enquetes', 'email')).check();
      await page.locator(SEL.submit).click();
      assert.ok(await page.locator('.limpide-waiting').isVisible());
      gate.open();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      assert.equal(decodePayload(detail.receipt).payload.purposes.find((p) => p.id === 'enquetes').channels.email, 'granted');
      await waitForState(page, 'summary');
    } finally {
      await context.close();
    }
  });

  test('a box reached and ticked by keyboard before the wasm keeps the focus when the widget takes over', { skip: engine !== 'chromium' && 'keyboard focus across hydration is checked in Chromium' }, async () => {
    const { context, page } = await heldDemo();
    try {
      await page.locator('input[data-age="at-or-over"]').check(); // asked before any grant
      await page.locator(box('bons-plans', 'sms')).focus();
      await page.keyboard.press('Space');
      assert.ok(await page.locator(box('bons-plans', 'sms')).isChecked());
      gate.open();
      await waitForForm(page, 20000, { age: null });
      const focused = () => page.evaluate((host) => {
        const active = document.querySelector(host).shadowRoot.activeElement;
        return active && `${active.dataset.purpose}:${active.dataset.channel}`;
      }, DEMO);
      assert.equal(await focused(), 'bons-plans:sms', 'the focus left the box when the widget took over');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'bons-plans:email');
      await page.keyboard.press('Space');
      await page.locator(SEL.submit).click();
      const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
      const channels = decodePayload(detail.receipt).payload.purposes.find((p) => p.id === 'bons-plans').channels;
      assert.deepEqual(channels, { sms: 'granted', email: 'granted' });
    } finally {
      await context.close();
    }
  });

  test('without JavaScript every purpose can be read, the form says that saving needs JavaScript, and nothing is submitted', { skip: engine !== 'chromium' && 'JavaScript is turned off through Chromium\'s context option' }, async () => {
    const { context, page } = await openPage(suite.browser, suite.server.url, { context: { javaScriptEnabled: false } });
    try {
      const message = page.locator('.limpide-noscript');
      await message.waitFor({ state: 'visible', timeout: 10000 });
      assert.match(await message.innerText(), /demande JavaScript/);
      const legends = await page.locator('fieldset.limpide-purpose legend').allInnerTexts();
      assert.equal(legends.length, 5);
      assert.ok(legends.every((text) => text.trim().length > 0));
      await page.locator(box('enquetes', 'email')).check();
      // No button can be pressed to no effect: without a script, all are disabled.
      for (const action of ['submit', 'refuse-all', 'language']) {
        const disabled = await page.locator(`button[data-action="${action}"]`).evaluateAll((buttons) => buttons.length > 0 && buttons.every((b) => b.disabled));
        assert.ok(disabled, `a ${action} button can be pressed without JavaScript`);
      }
      const before = context.requests.length;
      await page.keyboard.press('Enter'); // implicit submission from the focused box
      await page.waitForTimeout(300);
      assert.equal(page.url(), suite.server.url, 'the form was submitted to the page');
      assert.equal(context.requests.length, before, 'submitting made a request');
      assert.equal(engineOf(page), 'chromium');
    } finally {
      await context.close();
    }
  });
});
