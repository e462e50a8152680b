// The consent flow on the built demo (dist/index.html), in each engine:
// unticked boxes, signing, storage, native verification of the receipts,
// reload, change (a chained receipt), a second tab, refuse-all, download,
// and no request leaving the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.mjs';
import {
  SEL,
  assertNoLeaks,
  box,
  boxStates,
  events,
  mountUrl,
  openForm,
  openPage,
  openTab,
  signWith,
  storedReceipts,
  waitForForm,
} from './browser.mjs';
import {
  NOTICE,
  assertDecisions,
  assertVerifies,
  assertVerifiesFile,
  decodePayload,
  expectedBoxes,
  expectedStates,
  key,
  receiptDigest,
  show,
} from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** A fresh profile with the demo open and its form shown. */
function openDemo() {
  return openForm(suite.browser, suite.server.url, { events: true });
}

const assertSameOrigin = (context) => assertNoLeaks(context, suite.server.origin);

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('the demo shows one unticked, labelled box per purpose and channel, refuse-all and no accept-all', async () => {
    const { context, page } = await openDemo();
    try {
      const boxes = await page.locator(SEL.box).evaluateAll((els) =>
        els.map((el) => {
          const labels = [...(el.labels ?? [])];
          const fieldset = el.closest('fieldset');
          const legend = fieldset?.querySelector(':scope > legend');
          return {
            key: el.dataset.channel ? `${el.dataset.purpose}:${el.dataset.channel}` : el.dataset.purpose,
            checked: el.checked,
            defaultChecked: el.defaultChecked,
            id: el.id,
            labelFor: labels.some((l) => l.htmlFor === el.id && el.id !== ''),
            labelText: labels.map((l) => l.textContent.trim()).join(' '),
            labelVisible: labels.some((l) => l.checkVisibility()),
            legend: legend ? legend.textContent.trim() : null,
            legendVisible: legend ? legend.checkVisibility() : false,
          };
        }),
      );
      assert.deepEqual(
        boxes.map((b) => b.key).sort(),
        expectedBoxes().sort(),
        'one box per channel of each purpose (and one for a purpose without channels), each once',
      );
      for (const b of boxes) {
        assert.equal(b.checked, false, `${b.key} is ticked on first open`);
        assert.equal(b.defaultChecked, false, `${b.key} has the checked attribute`);
        assert.ok(b.labelFor, `${b.key} has no <label for="${b.id}">`);
        assert.ok(b.labelText.length > 0 && b.labelVisible, `${b.key} has no visible label text`);
        assert.ok(b.legend && b.legendVisible, `${b.key} is not in a <fieldset> with a visible <legend>`);
      }
      // Within a purpose, channels come in the documented order (docs/notice-format.md#channels).
      const ORDER = ['sms', 'email', 'post', 'phone', 'push'];
      for (const purpose of NOTICE.purposes) {
        const shown = boxes.filter((b) => b.key.startsWith(`${purpose.id}:`)).map((b) => b.key.split(':')[1]);
        assert.deepEqual(shown, [...shown].sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y)), `${purpose.id}'s channels are out of order`);
      }
      const ids = boxes.map((b) => b.id);
      assert.equal(new Set(ids).size, ids.length, 'checkbox ids are not unique');
      // One fieldset and one <details> per purpose.
      assert.equal(await page.locator(`${SEL.form} fieldset:has(${SEL.box})`).count(), NOTICE.purposes.length);
      assert.ok((await page.locator(`${SEL.form} details`).count()) >= NOTICE.purposes.length, 'a <details> per purpose');
      // Required processing is information only.
      const required = NOTICE.required_processing[0];
      await assert.doesNotReject(
        page.getByText(required.title.fr, { exact: false }).first().waitFor({ state: 'visible', timeout: 5000 }),
        'the required processing is not shown',
      );
      assert.equal(await page.locator(`input[data-purpose="${required.id}"]`).count(), 0, 'required processing has a box');
      // Buttons.
      assert.equal(NOTICE.accept_all, false);
      assert.equal(await page.locator(SEL.acceptAll).count(), 0, 'accept-all shown though the notice forbids it');
      assert.ok(await page.locator(SEL.refuseAll).isVisible(), 'refuse-all is not visible');
      assert.ok(await page.locator(SEL.submit).isVisible(), 'submit is not visible');
      // Nothing signed yet.
      assert.deepEqual(await events(page, 'limpide:receipt'), []);
      assert.equal(await storedReceipts(page), null, 'a receipt was stored before any choice');
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('the language switch changes the texts and the lang attribute', async () => {
    const { context, page } = await openDemo();
    try {
      const root = page.locator(SEL.root);
      const fr = page.locator('button[data-action="language"][data-lang="fr"]');
      const en = page.locator('button[data-action="language"][data-lang="en"]');
      assert.equal(await root.getAttribute('lang'), 'fr');
      assert.equal(await fr.getAttribute('aria-pressed'), 'true');
      assert.equal(await en.getAttribute('aria-pressed'), 'false');
      await en.click();
      await page.locator(`${SEL.root}[lang="en"]`).waitFor({ timeout: 5000 });
      assert.equal(await en.getAttribute('aria-pressed'), 'true');
      assert.equal(await fr.getAttribute('aria-pressed'), 'false');
      await page.getByText(NOTICE.purposes[0].title.en).first().waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.getByText(NOTICE.purposes[0].title.fr).count(), 0, 'French titles left after switching');
      // A receipt signed in English records English.
      const receipt = await signWith(page, SEL.refuseAll);
      assert.equal(decodePayload(receipt).payload.language, 'en');
      assertVerifies(receipt, suite.temp.dir, 'english.json');
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('a pupil ticks two boxes, signs, reloads, withdraws one, and sees it in a second tab', async () => {
    const { context, page } = await openDemo();
    try {
      const ticked = [key('bons-plans', 'sms'), key('enquetes', 'email')];
      await page.locator(box('bons-plans', 'sms')).check();
      await page.locator(box('enquetes', 'email')).check();
      assert.deepEqual(await boxStates(page), expectedStates(ticked));
      const first = await signWith(page, SEL.submit);

      // The summary.
      assert.equal(await page.locator(SEL.granted).count(), 2, 'the summary lists 2 granted choices');
      assert.equal(await page.locator(SEL.refused).count(), expectedBoxes().length - 2, 'the summary lists the refusals');
      assert.ok(await page.locator(SEL.storageSaved).isVisible(), 'no visible [data-storage="saved"] status');
      for (const action of [SEL.download, SEL.print, SEL.change]) {
        assert.ok(await page.locator(action).isVisible(), `${action} is not visible in the summary`);
      }

      // The event's receipt is the one stored.
      const stored = await storedReceipts(page);
      assert.ok(Array.isArray(stored), 'the stored receipts of pass-region are not an array');
      assert.equal(stored.length, 1);
      assert.deepEqual(stored[0], first, 'the stored receipt differs from the limpide:receipt event\'s');

      // The receipt's content and its native verification.
      const { payload } = decodePayload(first);
      assertDecisions(payload, ticked);
      assert.equal(payload.version, 1);
      assert.deepEqual([payload.notice.id, payload.notice.version], [NOTICE.id, NOTICE.version]);
      assert.equal(payload.language, 'fr');
      assert.equal(payload.collection.method, 'web-form');
      assert.equal(payload.collection.key_storage, 'webcrypto-indexeddb');
      assert.equal(payload.previous, undefined, 'a first receipt names a previous one');
      assert.equal(first.signatures.length, 1);
      const one = assertVerifies(first, suite.temp.dir, 'first.json');
      assert.equal(one.report.receipt_id, payload.receipt_id);
      assert.equal(one.report.digest, receiptDigest(first));
      assert.deepEqual(one.report.signers.map((s) => s.role), ['subject']);
      const account = show(one.file);
      assert.match(account, /You said yes to:\n {2}- .*\[bons-plans\] \(sms\)\n {2}- .*\[enquetes\] \(email\)\nYou said no to:/);

      // Reload: the form shows the latest choices, and the history one receipt.
      await page.reload();
      await waitForForm(page);
      assert.deepEqual(await boxStates(page), expectedStates(ticked), 'the form does not show the latest receipt\'s choices');
      assert.equal(await page.locator(SEL.history).count(), 1, 'the history lists one receipt');

      // Withdraw one: a new receipt chained to the first.
      await page.locator(box('enquetes', 'email')).uncheck();
      const second = await signWith(page, SEL.submit);
      const changed = decodePayload(second).payload;
      assertDecisions(changed, [key('bons-plans', 'sms')]);
      assert.notEqual(changed.receipt_id, payload.receipt_id);
      assert.deepEqual(changed.previous, { receipt_id: payload.receipt_id, digest: receiptDigest(first) }, 'previous does not name the first receipt');
      assert.equal(
        JSON.parse(Buffer.from(second.signatures[0].protected, 'base64url')).kid,
        JSON.parse(Buffer.from(first.signatures[0].protected, 'base64url')).kid,
        'the second receipt is not signed by the stored key',
      );
      assert.deepEqual(await storedReceipts(page), [first, second], 'storage does not hold both receipts, oldest first');
      assert.equal(await page.locator(SEL.granted).count(), 1);
      const two = assertVerifies(second, suite.temp.dir, 'second.json');
      const reports = assertVerifiesFile([one.file, two.file]);
      assert.equal(reports[1].receipt_id, changed.receipt_id);
      assert.equal(reports[0].digest, changed.previous.digest, 'previous.digest is not the CLI\'s digest of the first');
      assert.match(show(two.file), new RegExp(`Replaces receipt ${payload.receipt_id}`));

      // "Change" goes back to the form with the latest choices and both receipts listed.
      await page.locator(SEL.change).click();
      await waitForForm(page);
      assert.deepEqual(await boxStates(page), expectedStates([key('bons-plans', 'sms')]));
      assert.equal(await page.locator(SEL.history).count(), 2, 'the history lists two receipts');

      // A second tab of the same profile shows the latest choices.
      const tab = await openTab(context, suite.server.url);
      assert.deepEqual(await boxStates(tab), expectedStates([key('bons-plans', 'sms')]), 'the second tab does not show the latest choices');
      assert.equal(await tab.locator(SEL.history).count(), 2);
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('refuse-all signs at once a receipt that refuses everything', async () => {
    const { context, page } = await openDemo();
    try {
      await page.locator(box('bons-plans', 'email')).check(); // refuse-all overrides what was ticked
      const receipt = await signWith(page, SEL.refuseAll);
      assertDecisions(decodePayload(receipt).payload, []);
      assert.equal(await page.locator(SEL.granted).count(), 0);
      assert.equal(await page.locator(SEL.refused).count(), expectedBoxes().length);
      assert.deepEqual(await storedReceipts(page), [receipt]);
      assertVerifies(receipt, suite.temp.dir, 'refused.json');
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('the download is the signed receipt, named after its id, and verifies natively', async () => {
    const { context, page } = await openDemo();
    try {
      await page.locator(box('partage-partenaires', 'phone')).check();
      const receipt = await signWith(page, SEL.submit);
      const id = decodePayload(receipt).payload.receipt_id;
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.locator(SEL.download).click()]);
      assert.equal(download.suggestedFilename(), `${id}.json`);
      const path = await download.path();
      const text = readFileSync(path, 'utf8');
      assert.deepEqual(JSON.parse(text), receipt, 'the downloaded file is not the receipt of the event');
      assertVerifiesFile(path);
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('mount() resolves to a handle: receipts(), latest(), open(), destroy()', async () => {
    const { context, page } = await openPage(suite.browser, mountUrl(suite.server, '/notices/pass-region.json', 'en'));
    try {
      assert.equal(await page.evaluate(() => window.__mounted), 'mounted', await page.evaluate(() => window.__mountError));
      await waitForForm(page);
      assert.equal(await page.locator(SEL.root).getAttribute('lang'), 'en', 'the lang option is not followed');
      assert.equal(await page.evaluate(() => document.getElementById('host').shadowRoot?.mode), 'open');
      assert.deepEqual(await page.evaluate(() => window.__handle.receipts()), []);
      assert.equal(await page.evaluate(() => window.__handle.latest()), null);
      await page.locator(box('actualites-programmes', 'post')).check();
      const receipt = await signWith(page, SEL.submit);
      assert.deepEqual(await page.evaluate(() => window.__handle.receipts()), [receipt]);
      assert.deepEqual(await page.evaluate(() => window.__handle.latest()), receipt);
      await page.evaluate(() => window.__handle.open());
      await waitForForm(page);
      assert.equal(
        await page.evaluate(() => {
          const shadow = document.getElementById('host').shadowRoot;
          return document.activeElement === shadow.host && shadow.activeElement?.closest('section.limpide[data-state="form"]') != null;
        }),
        true,
        'open() does not move the focus into the form',
      );
      assert.deepEqual(await boxStates(page), expectedStates([key('actualites-programmes', 'post')]));
      await page.evaluate(() => window.__handle.destroy());
      assert.equal(await page.locator(SEL.root).count(), 0, 'destroy() left the widget in the page');
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('the widget loads from the server and makes no request to another origin', async () => {
    const { context, page } = await openDemo();
    try {
      await page.locator(box('messages-institutionnels', 'sms')).check();
      await signWith(page, SEL.submit);
      const own = context.requests.map((u) => new URL(u).pathname);
      for (const file of ['/limpide.js', '/notices/pass-region.json']) {
        assert.ok(own.includes(file), `${file} was not requested (requests: ${own.join(', ')})`);
      }
      assert.ok(own.some((p) => p.endsWith('.wasm')), 'no .wasm was requested');
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('a notice that allows accept-all offers it, no more prominent nor earlier than refuse-all, and it grants everything', async () => {
    const notice = join(root, 'tests', 'e2e', 'pages', 'accept-all.json');
    const { context, page } = await openForm(suite.browser, mountUrl(suite.server, '/test/accept-all.json'), { events: true });
    try {
      const accept = page.locator(SEL.acceptAll);
      const refuse = page.locator(SEL.refuseAll);
      assert.equal(await accept.count(), 1, 'no accept-all button though the notice allows it');
      assert.ok(await accept.isVisible());
      const looks = async (locator) =>
        locator.evaluate((el) => {
          const style = getComputedStyle(el);
          const rgba = (text) => (text.match(/[\d.]+/g) ?? []).map(Number);
          const luminance = ([r, g, b]) => {
            const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
          };
          // The first opaque background behind the button, through the shadow root.
          let background = [255, 255, 255];
          for (let node = el; node; node = node.parentElement ?? node.getRootNode().host) {
            const bg = rgba(getComputedStyle(node).backgroundColor);
            if (bg.length >= 3 && (bg.length === 3 || bg[3] > 0.5)) {
              background = bg;
              break;
            }
          }
          const [l1, l2] = [luminance(rgba(style.color)), luminance(background)].sort((a, b) => b - a);
          let opacity = 1;
          for (let node = el; node; node = node.parentElement ?? node.getRootNode().host) opacity *= Number(getComputedStyle(node).opacity);
          const box = el.getBoundingClientRect();
          return {
            width: box.width,
            height: box.height,
            fontSize: parseFloat(style.fontSize),
            fontWeight: Number(style.fontWeight),
            opacity,
            contrast: (l1 + 0.05) / (l2 + 0.05),
            disabled: el.disabled,
          };
        });
      const a = await looks(accept);
      const r = await looks(refuse);
      const context_ = `refuse-all ${JSON.stringify(r)}, accept-all ${JSON.stringify(a)}`;
      assert.ok(r.width >= a.width - 1 && r.height >= a.height - 1, `refuse-all is smaller than accept-all: ${context_}`);
      assert.ok(r.fontSize >= a.fontSize && r.fontWeight >= a.fontWeight, `refuse-all's text is smaller or lighter: ${context_}`);
      assert.ok(r.opacity >= a.opacity && r.contrast >= 4.5, `refuse-all is fainter: ${context_}`);
      assert.equal(r.disabled, false);
      const order = await refuse.evaluate((el, other) => el.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING, await accept.elementHandle());
      assert.ok(order, 'accept-all comes before refuse-all');

      const receipt = await signWith(page, SEL.acceptAll);
      assertDecisions(decodePayload(receipt).payload, expectedBoxes());
      assert.equal(await page.locator(SEL.granted).count(), expectedBoxes().length);
      assert.equal(await page.locator(SEL.refused).count(), 0);
      const file = join(suite.temp.dir, 'accept-all.json');
      writeFileSync(file, JSON.stringify(receipt));
      assertVerifiesFile(file, notice);
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });

  test('a purpose without channels gets one box without data-channel, and one status in the receipt', async () => {
    const path = join(root, 'tests', 'e2e', 'pages', 'no-channel.json');
    const notice = JSON.parse(readFileSync(path, 'utf8'));
    const { context, page } = await openForm(suite.browser, mountUrl(suite.server, '/test/no-channel.json'), { events: true });
    try {
      const keys = await page.locator(SEL.box).evaluateAll((els) =>
        els.map((el) => (el.hasAttribute('data-channel') ? `${el.dataset.purpose}:${el.dataset.channel}` : el.dataset.purpose)),
      );
      assert.deepEqual(keys.sort(), expectedBoxes(notice).sort());
      assert.equal(await page.locator(box('enquetes')).count(), 1, 'no single box without data-channel for enquetes');
      await page.locator(box('enquetes')).check();
      await page.locator(box('bons-plans', 'email')).check();
      const receipt = await signWith(page, SEL.submit);
      const { payload } = decodePayload(receipt);
      const enquetes = payload.purposes.find((p) => p.id === 'enquetes');
      assert.equal(enquetes.status, 'granted');
      assert.equal(enquetes.channels, undefined, 'a purpose without channels has channels in the receipt');
      assertDecisions(payload, ['enquetes', key('bons-plans', 'email')], notice);
      const file = join(suite.temp.dir, 'no-channel.json');
      writeFileSync(file, JSON.stringify(receipt));
      assertVerifiesFile(file, path);
      await assertSameOrigin(context);
    } finally {
      await context.close();
    }
  });
});
