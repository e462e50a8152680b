// The published JSON Schemas agree with the code: the example notice and
// receipts pass them, broken fixtures and tampered shapes do not. Checked
// with an independent validator (npm `ajv`, draft 2020-12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (...p) => JSON.parse(readFileSync(join(root, ...p), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const noticeSchema = ajv.compile(read('docs', 'notice.schema.json'));
const receiptSchema = ajv.compile(read('docs', 'receipt.schema.json'));

test('the example notices pass the notice schema', () => {
  for (const name of ['pass-region.json', 'pass-college.json']) {
    assert.ok(noticeSchema(read('www', 'notices', name)), `${name}: ${JSON.stringify(noticeSchema.errors)}`);
  }
});

test('the structurally broken fixtures fail the notice schema', () => {
  for (const name of ['pre-ticked.json', 'bundled.json']) {
    assert.equal(noticeSchema(read('crates', 'receipt', 'tests', 'fixtures', 'notices', name)), false, name);
  }
});

test('the example receipts pass the receipt schema', () => {
  for (const name of readdirSync(join(root, 'docs', 'examples'))) {
    assert.ok(receiptSchema(read('docs', 'examples', name)), `${name}: ${JSON.stringify(receiptSchema.errors)}`);
  }
});

test('a flattened or unsigned JWS fails the receipt schema', () => {
  const receipt = read('docs', 'examples', 'receipt-example.json');
  const [first] = receipt.signatures;
  assert.equal(receiptSchema({ payload: receipt.payload, ...first }), false);
  assert.equal(receiptSchema({ payload: receipt.payload, signatures: [] }), false);
  assert.equal(receiptSchema({ ...receipt, signatures: [{ ...first, header: { kid: 'x' } }] }), false);
});
