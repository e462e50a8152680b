// Readable at 200% zoom: a 1280 px desktop window zoomed to 200% lays out
// as a 640 CSS px viewport (the 320 px reflow of WCAG 1.4.10 is in
// a11y.test.mjs). Nothing scrolls sideways, page or widget; every checkbox
// and label is visible, inside the viewport and not clipped or covered;
// labels are at least 16 px. In French, then in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';

import { SEL, openForm } from './browser.mjs';

const suite = useSuite();

/** Every layout problem of the form at the current viewport, as readable lines. */
async function layoutProblems(page) {
  return page.evaluate(async () => {
    const problems = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways: ${doc.scrollWidth}px in ${doc.clientWidth}px`);
    const shadow = document.querySelector('#limpide-demo').shadowRoot;
    const root = shadow.querySelector('section.limpide');
    if (root.scrollWidth > root.clientWidth) problems.push(`section.limpide scrolls sideways: ${root.scrollWidth}px in ${root.clientWidth}px`);
    const width = doc.clientWidth;
    const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.htmlFor ? `[for="${el.htmlFor}"]` : ''}`;
    const elements = [...shadow.querySelectorAll('input[type="checkbox"][data-purpose]')].flatMap((input) => [input, ...input.labels]);
    if (elements.length === 0) problems.push('no checkbox');
    for (const el of elements) {
      // Scroll the page vertically only (scrollIntoView would also scroll a
      // clipping ancestor, hiding the very clipping this looks for).
      window.scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight / 2);
      await new Promise(requestAnimationFrame);
      const r = el.getBoundingClientRect();
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || r.width < 1 || r.height < 1) {
        problems.push(`${name(el)} is not visible`);
        continue;
      }
      const [left, right] = [r.left + scrollX, r.right + scrollX];
      if (left < 0 || right > width + 0.5) problems.push(`${name(el)} spans ${left}–${right}px, outside the ${width}px viewport`);
      if (el.scrollWidth > el.clientWidth + 1 && el.tagName === 'LABEL') problems.push(`${name(el)}'s text overflows it`);
      // Not clipped nor covered: the middle of its box is itself (or its own text).
      const hit = shadow.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!(hit === el || el.contains(hit))) problems.push(`${name(el)} is covered or clipped at its centre by ${hit ? name(hit) : 'nothing'}`);
      if (el.tagName === 'LABEL') {
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 16) problems.push(`${name(el)} is ${size}px, under 16px`);
      }
    }
    window.scrollTo(0, 0);
    return problems;
  });
}

test('at 640 CSS px (200% zoom of a 1280 px window): no sideways scroll, boxes and labels visible and unclipped, labels ≥ 16 px', async () => {
  const { context, page } = await openForm(suite.browser, suite.server.url, { context: { viewport: { width: 640, height: 800 } } });
  try {
    assert.equal(await page.evaluate(() => document.documentElement.clientWidth), 640);
    assert.deepEqual(await layoutProblems(page), [], 'French form at 640px');
    await page.locator('button[data-action="language"][data-lang="en"]').click();
    await page.locator(`${SEL.root}[lang="en"]`).waitFor({ timeout: 5000 });
    assert.deepEqual(await layoutProblems(page), [], 'English form at 640px');
  } finally {
    await context.close();
  }
});
