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
const recordSchema = ajv.compile(read('docs', 'record.schema.json'));
const recordPayload = (name) => ajv.compile({ $ref: `${recordSchema.schema.$id}#/$defs/${name}` });
const recordHeader = recordPayload('protectedHeader');
const recordPayloads = {
  'limpide-campaign+jws;v=1': recordPayload('campaignManifest'),
  'limpide-release+jws;v=1': recordPayload('releaseRecord'),
  'limpide-withdrawal+jws;v=1': recordPayload('boxWithdrawal'),
  'limpide-enrollment+jws;v=1': recordPayload('deviceEnrollment'),
};
const decoded = (b64) => JSON.parse(Buffer.from(b64, 'base64url').toString('utf8'));
/** The `typ` of a JWS's first signature, or undefined for anything else (a notice). */
const typOf = (doc) => (doc.signatures ? decoded(doc.signatures[0].protected).typ : undefined);

test('the example notices pass the notice schema', () => {
  for (const name of ['pass-region.json', 'pass-college.json']) {
    assert.ok(noticeSchema(read('www', 'notices', name)), `${name}: ${JSON.stringify(noticeSchema.errors)}`);
  }
  assert.ok(noticeSchema(read('docs', 'examples', 'notice-format-2.json')), JSON.stringify(noticeSchema.errors));
  assert.ok(noticeSchema(read('docs', 'examples', 'notice-format-3.json')), JSON.stringify(noticeSchema.errors));
});

test('format-2 members fail the schema in a format-1 notice, and a newer format fails', () => {
  const notice = read('docs', 'examples', 'notice-format-2.json');
  assert.equal(noticeSchema({ ...notice, format: 1 }), false);
  assert.equal(noticeSchema({ ...notice, grant_validity: 'PT12H' }), false);
  assert.equal(noticeSchema({ ...notice, format: 4 }), false);
});

test('log keys fail the schema below format 3, and a log key must be a verifier key', () => {
  const notice = read('docs', 'examples', 'notice-format-3.json');
  assert.equal(noticeSchema({ ...notice, format: 2 }), false);
  const withKeys = (keys) => ({ ...notice, controller: { ...notice.controller, log_keys: keys } });
  assert.equal(noticeSchema(withKeys([])), false);
  assert.equal(noticeSchema(withKeys(['limpide-demo.example/log+d294dd42'])), false);
  assert.equal(noticeSchema(withKeys(['a log+d294dd42+AfhjbiclVdxAeLgKXmIpRmq74oMYMOK7nHKSOrPGmKeU'])), false);
});

test('the structurally broken fixtures fail the notice schema', () => {
  for (const name of ['pre-ticked.json', 'bundled.json']) {
    assert.equal(noticeSchema(read('crates', 'receipt', 'tests', 'fixtures', 'notices', name)), false, name);
  }
});

test('the example receipts and records pass their schemas, and no record payload passes as another kind', () => {
  for (const name of readdirSync(join(root, 'docs', 'examples')).filter((n) => n.endsWith('.json'))) {
    const doc = read('docs', 'examples', name);
    const typ = typOf(doc);
    if (typ === undefined) {
      assert.ok(noticeSchema(doc), `${name}: ${JSON.stringify(noticeSchema.errors)}`);
    } else if (typ === 'limpide-receipt+jws;v=1') {
      assert.ok(receiptSchema(doc), `${name}: ${JSON.stringify(receiptSchema.errors)}`);
    } else {
      assert.ok(recordSchema(doc), `${name}: ${JSON.stringify(recordSchema.errors)}`);
      // The envelopes look alike; the decoded header and payload do not.
      assert.ok(recordHeader(decoded(doc.signatures[0].protected)), `${name}: ${JSON.stringify(recordHeader.errors)}`);
      const payload = recordPayloads[typ];
      assert.ok(payload, `${name}: unknown typ ${typ}`);
      assert.ok(payload(decoded(doc.payload)), `${name}: ${JSON.stringify(payload.errors)}`);
      for (const [other, check] of Object.entries(recordPayloads)) {
        if (other !== typ) assert.equal(check(decoded(doc.payload)), false, `${name} passes as ${other}`);
      }
    }
  }
});

test('a flattened or unsigned JWS fails the receipt schema', () => {
  const receipt = read('docs', 'examples', 'receipt-example.json');
  const [first] = receipt.signatures;
  assert.equal(receiptSchema({ payload: receipt.payload, ...first }), false);
  assert.equal(receiptSchema({ payload: receipt.payload, signatures: [] }), false);
  assert.equal(receiptSchema({ ...receipt, signatures: [{ ...first, header: { kid: 'x' } }] }), false);
});
