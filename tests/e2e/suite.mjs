// The set-up most end-to-end test files share: the built dist/ checked, the
// test server, a browser (Chromium unless an engine is named: engines.mjs)
// and a temporary folder; and its tear-down.
import { launch } from './engines.mjs';
import { tempDir } from './receipt.mjs';
import { requireDist, start } from './server.mjs';

/** Opens {server, browser, temp}; `serverOptions` go to the server's start(). */
export async function openSuite(serverOptions = {}, engine = 'chromium') {
  requireDist();
  const server = await start(serverOptions);
  const browser = await launch(engine);
  return { server, browser, temp: tempDir() };
}

/** Closes what openSuite opened (any part may be missing if it failed). */
export async function closeSuite({ server, browser, temp } = {}) {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
}
