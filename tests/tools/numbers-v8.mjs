// Writes crates/receipt/tests/vectors/numbers-v8.txt: doubles (as bit
// patterns) and how V8 writes them (ECMAScript Number.prototype.toString,
// which RFC 8785 adopts), for the Rust JCS to match. Deterministic:
//   node tests/tools/numbers-v8.mjs
import { writeFileSync } from 'node:fs';

const view = new DataView(new ArrayBuffer(8));
let seed = 12345n;
const next = () => (seed = (seed * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn);
const line = (x) => {
  view.setFloat64(0, x);
  return `${view.getBigUint64(0).toString(16).padStart(16, '0')} ${String(x)}`;
};

const lines = [];
while (lines.length < 2000) {
  view.setBigUint64(0, next());
  const x = view.getFloat64(0);
  if (Number.isFinite(x)) lines.push(line(x));
}
// Halfway cases at 17 significant digits, where the tie-break matters.
for (let i = 0; i < 250; i++) {
  const whole = Number(next() % 2n ** 44n);
  for (const fraction of [0.0625, 0.1875, 0.3125, 0.4375]) lines.push(line(whole + fraction));
}
writeFileSync(
  new URL('../../crates/receipt/tests/vectors/numbers-v8.txt', import.meta.url),
  `# bits (hex) and String(x) in V8 (node ${process.version}); made by tests/tools/numbers-v8.mjs\n${lines.join('\n')}\n`,
);
console.log(`${lines.length} numbers`);
