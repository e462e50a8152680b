// The form is usable with a keyboard alone (demo page, each engine): Tab
// reaches a checkbox, which shows a visible focus indicator; Space ticks
// it; Tab reaches submit and Enter signs; focus moves into the summary;
// "change" works from the keyboard and the form shows the box ticked; the
// <details> disclosures open with Enter on their <summary>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';

import {
  SEL,
  assertNoLeaks,
  openForm,
  waitForEvents,
  waitForForm,
  waitForState,
} from './browser.mjs';
import { assertDecisions, decodePayload, key } from './receipt.mjs';

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

function openDemo() {
  return openForm(suite.browser, suite.server.url, { events: true });
}

/**
 * What has the focus, looked up through the widget's shadow root: its tag,
 * data attributes, whether it is visible in the viewport, and its focus
 * indicator (outline, box-shadow, contrast of the outline with what is behind).
 */
async function focused(page) {
  return page.evaluate(() => {
    const shadow = document.querySelector('#limpide-demo')?.shadowRoot;
    const el = shadow?.activeElement ?? document.activeElement;
    if (!el || el === document.body) return { tag: 'BODY' };
    const rgba = (text) => (text.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]) => {
      const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    let background = [255, 255, 255];
    for (let node = el.parentElement; node; node = node.parentElement ?? node.getRootNode().host) {
      const bg = rgba(getComputedStyle(node).backgroundColor);
      if (bg.length === 3 || (bg.length >= 4 && bg[3] > 0.5)) {
        background = bg;
        break;
      }
    }
    const indicator = (node) => {
      const s = getComputedStyle(node);
      return { outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor, boxShadow: s.boxShadow };
    };
    const own = indicator(el);
    const color = rgba(own.outlineColor);
    const [l1, l2] = [luminance(color), luminance(background)].sort((x, y) => y - x);
    // The same kind of element, unfocused, for comparison.
    const peer = [...(shadow?.querySelectorAll(el.tagName) ?? [])].find((other) => other !== el && other.type === el.type);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName,
      type: el.type ?? null,
      inShadow: el.getRootNode() === shadow,
      purpose: el.dataset?.purpose ?? null,
      channel: el.dataset?.channel ?? null,
      action: el.dataset?.action ?? null,
      checked: el.checked ?? null,
      inSummary: el.closest('[data-summary]') != null,
      inForm: el.closest('section.limpide[data-state="form"] form') != null,
      focusVisible: el.matches(':focus-visible'),
      visible:
        el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
        r.width > 0 &&
        r.height > 0 &&
        r.top >= 0 &&
        r.left >= 0 &&
        r.bottom <= innerHeight &&
        r.right <= innerWidth,
      rect: { top: r.top, left: r.left, width: r.width, height: r.height },
      own,
      peer: peer ? indicator(peer) : null,
      outlineContrast: color.length >= 3 && (color.length === 3 || color[3] > 0.5) ? (l1 + 0.05) / (l2 + 0.05) : 0,
    };
  });
}

/** Presses Tab until `wanted(focused)` holds, at most `max` times; returns what has the focus. */
async function tabTo(page, wanted, what, max = 40) {
  const seen = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (wanted(now)) return now;
    seen.push(`${now.tag}${now.action ? `[${now.action}]` : ''}${now.purpose ? `[${now.purpose}:${now.channel}]` : ''}`);
  }
  throw new Error(`${max} presses of Tab never focused ${what}; focus went through: ${seen.join(' → ')}`);
}

/**
 * Asserts the focused element is visible and shows the focus indicator the
 * widget promises (WCAG 2.4.13's measure): an outline at least 2 px wide,
 * at 3:1 against the background, that an unfocused peer lacks.
 */
function assertVisibleFocus(f, what) {
  const details = JSON.stringify(f);
  assert.ok(f.visible, `${what} has the focus but is not visible in the viewport: ${details}`);
  assert.ok(f.focusVisible, `${what} does not match :focus-visible after keyboard focus: ${details}`);
  assert.notEqual(f.own.outlineStyle, 'none', `${what} has no focus outline: ${details}`);
  assert.ok(f.own.outlineWidth >= 2, `${what}'s focus outline is under 2 px: ${details}`);
  assert.ok(f.outlineContrast >= 3, `${what}'s focus outline is under 3:1 against its background: ${details}`);
  if (f.peer) {
    const differs =
      f.own.outlineStyle !== f.peer.outlineStyle || f.own.outlineWidth !== f.peer.outlineWidth || f.own.boxShadow !== f.peer.boxShadow;
    assert.ok(differs, `${what} looks the same focused and unfocused: ${details}`);
  }
}

const isBox = (f) => f.inShadow && f.tag === 'INPUT' && f.type === 'checkbox' && f.purpose != null;

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('keyboard alone: Tab to a box, Space ticks it, Enter on submit signs, focus moves to the summary, change reopens', async () => {
    const { context, page } = await openDemo();
    try {
      assert.equal((await focused(page)).tag, 'BODY', 'something has the focus before any key was pressed');
      const first = await tabTo(page, isBox, 'a checkbox');
      assertVisibleFocus(first, `the checkbox ${first.purpose}:${first.channel}`);
      assert.equal(first.checked, false);

      await page.keyboard.press('Space');
      const ticked = await focused(page);
      assert.ok(isBox(ticked) && ticked.purpose === first.purpose && ticked.channel === first.channel, 'Space moved the focus');
      assert.equal(ticked.checked, true, 'Space did not tick the focused checkbox');
      const choice = key(first.purpose, first.channel);

      const submit = await tabTo(page, (f) => f.inShadow && f.action === 'submit', 'the submit button', 60);
      assertVisibleFocus(submit, 'the submit button');
      await page.keyboard.press('Enter');
      const [{ detail: { receipt } }] = await waitForEvents(page, 'limpide:receipt', 1);
      await waitForState(page, 'summary');
      assertDecisions(decodePayload(receipt).payload, [choice]);

      // Focus moved into the summary, on its heading.
      await page.waitForFunction(() => document.querySelector('#limpide-demo').shadowRoot.activeElement?.tagName === 'H3', null, { timeout: 5000 }).catch(() => {});
      assert.equal(
        await page.evaluate(() => document.querySelector('#limpide-demo').shadowRoot.activeElement?.tagName),
        'H3',
        'the focus did not move to the summary heading',
      );
      const heading = await focused(page);
      assert.ok(heading.inSummary, `the focused heading is not in [data-summary]: ${JSON.stringify(heading)}`);

      // "Change" from the keyboard: the form shows the box ticked, and the focus is in it.
      const change = await tabTo(page, (f) => f.inShadow && f.action === 'change', 'the change button', 10);
      assertVisibleFocus(change, 'the change button');
      await page.keyboard.press('Enter');
      await waitForForm(page);
      const selector = `input[type="checkbox"][data-purpose="${first.purpose}"]${first.channel ? `[data-channel="${first.channel}"]` : ':not([data-channel])'}`;
      assert.equal(await page.locator(selector).isChecked(), true, `${selector} is not ticked when the form reopens`);
      assert.equal(await page.locator(`${SEL.form} ${SEL.box}:checked`).count(), 1, 'more than the one box is ticked');
      const after = await focused(page);
      assert.ok(after.inForm, `after "change" the focus is not in the form: ${JSON.stringify(after)}`);
      await assertNoLeaks(context, suite.server.origin);
    } finally {
      await context.close();
    }
  });

  test('keyboard alone: a <details> disclosure opens and closes with Enter on its <summary>', async () => {
    const { context, page } = await openDemo();
    try {
      const summary = await tabTo(page, (f) => f.inShadow && f.tag === 'SUMMARY', 'a <summary>', 40);
      assertVisibleFocus(summary, 'the <summary> of a disclosure');
      const state = () =>
        page.evaluate(() => {
          const el = document.querySelector('#limpide-demo').shadowRoot.activeElement;
          const details = el?.closest('details');
          const content = details?.querySelector(':scope > :not(summary)');
          return { tag: el?.tagName, open: details?.open ?? null, contentVisible: content ? content.checkVisibility() : null };
        });
      assert.deepEqual(await state(), { tag: 'SUMMARY', open: false, contentVisible: false }, 'the disclosure starts open');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#limpide-demo').shadowRoot.activeElement?.closest('details')?.open, null, { timeout: 2000 }).catch(() => {});
      assert.deepEqual(await state(), { tag: 'SUMMARY', open: true, contentVisible: true }, 'Enter on <summary> did not open the disclosure');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => !document.querySelector('#limpide-demo').shadowRoot.activeElement?.closest('details')?.open, null, { timeout: 2000 }).catch(() => {});
      assert.deepEqual(await state(), { tag: 'SUMMARY', open: false, contentVisible: false }, 'Enter again did not close the disclosure');
      // Every purpose's disclosure is reachable: one <summary> per purpose in the tab order.
      const summaries = await page.locator(`${SEL.form} details > summary`).evaluateAll((els) => els.map((el) => el.tabIndex));
      assert.ok(summaries.length >= 1 && summaries.every((t) => t >= 0), `a <summary> is out of the tab order: ${summaries}`);
    } finally {
      await context.close();
    }
  });
});
