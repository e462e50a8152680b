// A module worker (tests/e2e/widget-errors.test.mjs): mount() where there is
// no window must reject with the no-window error, not crash.
import { mount } from '/limpide.js';

try {
  await mount(undefined, '/notices/pass-region.json', {});
  postMessage({ rejected: false });
} catch (error) {
  postMessage({ rejected: true, message: error instanceof Error ? error.message : String(error) });
}
