// axe-core audits for the end-to-end tests: the widget inside its host's
// open shadow root, or a whole page (the families' pages).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.mjs';

const AXE = join(root, 'node_modules', 'axe-core', 'axe.min.js');
let axeSource = null;

/**
 * Runs axe on `selector`'s open shadow root (the widget's host), or on the
 * whole document when `selector` is null, and fails with a readable list
 * of violations. The pages' CSP forbids inline scripts, so axe is
 * evaluated through the automation protocol (DevTools or WebDriver BiDi),
 * which CSP does not govern.
 */
export async function assertNoViolations(page, selector, what) {
  if (axeSource === null) {
    assert.ok(existsSync(AXE), `${AXE} is missing: run \`npm ci\` at the repository root`);
    axeSource = readFileSync(AXE, 'utf8');
  }
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(async (selector) => {
    let context = document;
    if (selector !== null) {
      context = document.querySelector(selector);
      if (!context?.shadowRoot) return { missing: true };
    }
    const r = await window.axe.run(context, { resultTypes: ['violations'] });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
      })),
    };
  }, selector);
  assert.ok(!result.missing, `${selector} has no open shadow root (${what})`);
  const report = result.violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    at ${JSON.stringify(n.target)}\n      ${n.html}\n      ${n.summary?.replace(/\n/g, '\n      ')}`)
          .concat(v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : [])
          .join('\n'),
    )
    .join('\n');
  assert.equal(result.violations.length, 0, `axe found ${result.violations.length} violation(s) in ${what}:\n${report}`);
}
