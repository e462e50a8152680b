// The engines the parameterised suites run on: each suite is written once,
// against Playwright's API (Chromium through playwright-core, Firefox ESR
// through the adapter in firefox.mjs), and `eachEngine` runs its tests once
// per engine, in a describe block named after it.
//
// LIMPIDE_ENGINES=chromium (or firefox) narrows the run while working on a
// suite. Outside CI a machine without Firefox skips its block, saying so;
// in CI a missing engine is a failure.
import { describe } from 'node:test';
import { launchChromium } from './browser.mjs';
import { firefoxMissing, launchFirefox } from './firefox.mjs';

const ALL = ['chromium', 'firefox'];

/** The engines of this run. */
export const ENGINES = (process.env.LIMPIDE_ENGINES ?? ALL.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

for (const name of ENGINES) {
  if (!ALL.includes(name)) throw new Error(`LIMPIDE_ENGINES names an unknown engine: ${name} (known: ${ALL.join(', ')})`);
}

/** Launches an engine behind Playwright's browser API. */
export function launch(engine) {
  return engine === 'firefox' ? launchFirefox() : launchChromium();
}

/** Why the engine's block is skipped here, or false. */
function skipped(engine) {
  const missing = engine === 'firefox' && firefoxMissing();
  return missing && !process.env.CI ? `${missing}: skipped` : false;
}

/** Declares the suite `body(engine)` once per engine. */
export function eachEngine(body) {
  for (const engine of ENGINES) describe(engine, { skip: skipped(engine) }, () => body(engine));
}
