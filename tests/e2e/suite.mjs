// The set-up most end-to-end test files share: the built dist/ checked, the
// test server, a browser (Chromium unless an engine is named: engines.mjs)
// and a temporary folder; and its tear-down.
import { after, before } from 'node:test';
import { launch } from './engines.mjs';
import { tempDir } from './receipt.mjs';
import { requireDist, start } from './server.mjs';

/** Opens {server, browser, temp}; `serverOptions` go to the server's start(). */
export async function openSuite(serverOptions = {}, engine = 'chromium') {
  requireDist();
  const server = await start(serverOptions);
  let browser;
  try {
    browser = await launch(engine);
  } catch (error) {
    await server.close();
    throw error;
  }
  return { server, browser, temp: tempDir() };
}

/** Closes what openSuite opened (any part may be missing if it failed). */
export async function closeSuite({ server, browser, temp } = {}) {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
}

/**
 * Declares the set-up and tear-down of the tests around the call (`before`
 * and `after`): the file's, at its top level, or an engine's, inside
 * eachEngine's body. Returns `suite`, which holds {server, browser, temp}
 * while those tests run.
 * - `server`: the server's start() options, or a function returning them
 *   (or a promise of them), called at set-up: what the options need (a
 *   handler's state, another service) is made there, not in a `before` of
 *   its own, which Node 20 would run at the same time at a file's top level.
 * - A file run on several engines makes one `suite` object for its helpers
 *   and passes it to each engine's call: the engines run one after the other.
 */
export function useSuite({ engine = 'chromium', server = {} } = {}, suite = {}) {
  before(async () => {
    Object.assign(suite, await openSuite(typeof server === 'function' ? await server() : server, engine));
  });
  after(() => {
    const { server: opened, browser, temp } = suite;
    delete suite.server;
    delete suite.browser;
    delete suite.temp;
    return closeSuite({ server: opened, browser, temp });
  });
  return suite;
}
