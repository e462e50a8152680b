// A changed notice asks again (issue requirement: "When the notice's version
// changes (a new purpose, a changed text), the pupil is asked again for what
// changed; nothing new is assumed."). In one profile: the pupil ticks every
// box of the published notice (v1, /notices/pass-region.json) and signs; the
// controller then publishes v2 (pages/notice-v2.json: same id, a new
// version, `enquetes`'s retention changed in French AND English, a new
// purpose `ateliers-numeriques`). The form must list both for review, leave
// their boxes unticked, keep the unchanged purposes' choices, mark the two
// fieldsets with words, and the next receipt must chain to the first and
// refuse what was not decided again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.mjs';
import {
  SEL,
  boxStates,
  gotoOk,
  mountUrl,
  assertNoLeaks,
  openForm,
  storedReceipts,
  waitForEvents,
  waitForForm,
  waitForState,
} from './browser.mjs';
import {
  NOTICE,
  NOTICE_PATH,
  assertDecisions,
  assertVerifiesFile,
  decodePayload,
  digest,
  expectedBoxes,
  runCli,
} from './receipt.mjs';

const V2_PATH = join(root, 'tests', 'e2e', 'pages', 'notice-v2.json');
const V2 = JSON.parse(readFileSync(V2_PATH, 'utf8'));
const CHANGED = 'enquetes';
const ADDED = 'ateliers-numeriques';

const suite = useSuite();

test('the v2 fixture is what this test says it is, and both notices pass `limpide lint`', () => {
  for (const file of [NOTICE_PATH, V2_PATH]) {
    const result = runCli(['lint', file]);
    assert.equal(result.status, 0, `limpide lint ${file} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  assert.equal(V2.id, NOTICE.id, 'v2 must keep v1\'s id (receipts are stored per notice id)');
  assert.notEqual(V2.version, NOTICE.version);
  const v1Ids = NOTICE.purposes.map((p) => p.id);
  assert.deepEqual(V2.purposes.map((p) => p.id), [...v1Ids, ADDED]);
  for (const p of V2.purposes.filter((p) => v1Ids.includes(p.id))) {
    const before = NOTICE.purposes.find((q) => q.id === p.id);
    if (p.id === CHANGED) {
      for (const lang of ['fr', 'en']) {
        assert.notEqual(p.retention[lang], before.retention[lang], `${CHANGED}'s ${lang} retention must differ`);
      }
    } else {
      assert.deepEqual(p, before, `${p.id} must be unchanged in v2`);
    }
  }
});

test('a new version lists the changed and the new purpose, leaves them unticked, keeps the rest, and chains', async () => {
  // v1: tick everything, sign.
  const { context, page } = await openForm(suite.browser, mountUrl(suite.server, '/notices/pass-region.json'), { events: true });
  try {
    assert.equal(await page.locator('[data-review]').count(), 0, 'a first open shows a review block');
    const boxes = page.locator(SEL.box);
    for (let i = 0; i < (await boxes.count()); i += 1) await boxes.nth(i).check();
    await page.locator(SEL.submit).click();
    const [{ detail: { receipt: first } }] = await waitForEvents(page, 'limpide:receipt', 1);
    await waitForState(page, 'summary');
    const one = decodePayload(first);
    assertDecisions(one.payload, expectedBoxes(NOTICE));
    assert.equal(one.payload.notice.version, NOTICE.version);
    const firstFile = join(suite.temp.dir, 'v1.json');
    writeFileSync(firstFile, JSON.stringify(first));
    assertVerifiesFile(firstFile, NOTICE_PATH);

    // v2, same profile (same IndexedDB, same key: the notice id).
    await gotoOk(page, mountUrl(suite.server, '/test/notice-v2.json'));
    await waitForForm(page);
    assert.equal(await page.locator(SEL.root).getAttribute('lang'), 'fr');
    const title = (id) => V2.purposes.find((p) => p.id === id).title.fr;

    // The review block names exactly the changed and the new purpose.
    const review = page.locator(`${SEL.form} [data-review]`);
    assert.equal(await review.count(), 1, 'no [data-review] block after the notice changed');
    assert.ok(await review.isVisible(), '[data-review] is not visible');
    const items = await review.locator('li').allInnerTexts();
    assert.equal(items.length, 2, `[data-review] li should list 2 purposes, lists: ${JSON.stringify(items)}`);
    for (const id of [CHANGED, ADDED]) {
      assert.ok(items.some((t) => t.includes(title(id))), `[data-review] does not list ${id} ("${title(id)}"): ${JSON.stringify(items)}`);
    }
    for (const p of V2.purposes.filter((p) => ![CHANGED, ADDED].includes(p.id))) {
      assert.ok(!items.some((t) => t.includes(p.title.fr)), `[data-review] lists the unchanged ${p.id}`);
    }

    // Nothing new is assumed: changed and new boxes unticked, the others as signed.
    const toDecide = (k) => k.startsWith(`${CHANGED}:`) || k === CHANGED || k.startsWith(`${ADDED}:`) || k === ADDED;
    const expected = Object.fromEntries(expectedBoxes(V2).map((k) => [k, !toDecide(k)]));
    assert.deepEqual(await boxStates(page), expected, 'changed/new purposes must start unticked, unchanged ones keep their choice');
    assert.ok(expectedBoxes(V2).filter(toDecide).length >= 3, 'the fixture has boxes to decide again');

    // Each fieldset to decide again carries a visible text mark in its legend; the others none.
    const legends = await page.locator(`${SEL.form} fieldset[data-purpose-group]`).evaluateAll((sets) =>
      sets.map((set) => {
        const legend = set.querySelector(':scope > legend');
        // The legend's text nodes beyond the title, and whether the element holding them is seen.
        const marks = [...(legend?.querySelectorAll('*') ?? [])]
          .filter((el) => el.textContent.trim() !== '')
          .map((el) => {
            const r = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {
              text: el.innerText.trim(),
              visible:
                el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
                r.width >= 4 &&
                r.height >= 8 &&
                style.clipPath === 'none' &&
                style.clip === 'auto' &&
                parseFloat(style.fontSize) >= 10,
            };
          });
        return { id: set.dataset.purposeGroup, text: legend?.innerText.trim() ?? '', marks };
      }),
    );
    for (const { id, text, marks } of legends) {
      const t = title(id);
      assert.ok(text.includes(t), `the legend of ${id} lacks its title: "${text}"`);
      const extra = text.replace(t, '').replace(/[\s()[\]:—–-]/g, '');
      if ([CHANGED, ADDED].includes(id)) {
        assert.ok(extra.length >= 3, `fieldset[data-purpose-group="${id}"] > legend has no text mark: "${text}"`);
        assert.ok(
          marks.some((m) => m.visible && m.text !== '' && !t.includes(m.text)),
          `the mark in ${id}'s legend is not visibly rendered: ${JSON.stringify(marks)}`,
        );
      } else {
        assert.equal(extra, '', `the unchanged ${id} is marked: "${text}"`);
      }
    }

    // Submit as shown: receipt 2 is about v2, chains to receipt 1, and refuses what was not decided again.
    await page.locator(SEL.submit).click();
    const [{ detail: { receipt: second } }] = await waitForEvents(page, 'limpide:receipt', 1);
    await waitForState(page, 'summary');
    const two = decodePayload(second);
    assert.deepEqual([two.payload.notice.id, two.payload.notice.version], [V2.id, V2.version], 'receipt 2 does not name notice v2');
    assert.deepEqual(
      two.payload.previous,
      { receipt_id: one.payload.receipt_id, digest: digest(one.bytes) },
      'receipt 2 does not chain to receipt 1',
    );
    assertDecisions(two.payload, expectedBoxes(V2).filter((k) => !toDecide(k)), V2);
    for (const k of expectedBoxes(V2).filter(toDecide)) {
      const [purpose, channel] = k.split(':');
      const record = two.payload.purposes.find((p) => p.id === purpose);
      assert.equal(channel ? record?.channels?.[channel] : record?.status, 'refused', `${k} is not recorded as refused`);
    }
    assert.ok(two.payload.purposes.some((p) => p.id === ADDED), 'the new purpose is missing from receipt 2');
    assert.deepEqual(await storedReceipts(page), [first, second], 'storage does not hold both receipts, oldest first');

    const secondFile = join(suite.temp.dir, 'v2.json');
    writeFileSync(secondFile, JSON.stringify(second));
    const [report] = assertVerifiesFile(secondFile, V2_PATH);
    assert.equal(report.receipt_id, two.payload.receipt_id);
    // The notices really differ: receipt 1 does not match v2's digests.
    const mismatch = runCli(['verify', firstFile, '--notice', V2_PATH]);
    assert.equal(mismatch.status, 1, `receipt 1 should not verify against v2:\n${mismatch.stdout}${mismatch.stderr}`);

    // Once decided on v2, nothing is left to review.
    await page.locator(SEL.change).click();
    await waitForForm(page);
    assert.equal(await page.locator('[data-review]').count(), 0, 'the review block stays after deciding on v2');
    assert.deepEqual(await boxStates(page), expected);
    await assertNoLeaks(context, suite.server.origin);
  } finally {
    await context.close();
  }
});
