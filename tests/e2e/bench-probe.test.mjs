// The widget bench's time-to-interactive probe (tests/bench/probe.mjs), run
// once here as `cargo xtask bench` runs it, so that a change of the form it
// does not follow (as the age question once was) fails a test rather than
// the bench: on the built demo page, in a fresh context, it answers the age
// question, ticks a box and saves the moment the box shows, and a
// `limpide:receipt` follows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSuite } from './suite.mjs';
import { LIMPIDE_CONTROL, measureInteractive } from '../bench/probe.mjs';

const suite = useSuite({ server: { compress: true } });

test("the bench's probe reaches a receipt on the demo page", async () => {
  const demo = { path: '/', control: LIMPIDE_CONTROL };
  const interactive = await measureInteractive(suite.browser, demo, suite.server.origin, { runs: 1 });
  assert.equal(interactive?.n, 1, 'no time to interactive measured');
  assert.ok(interactive.median > 0, `time to interactive ${interactive.median} ms`);
});
