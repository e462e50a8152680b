// The families' verify page (www/verify.html): receipts checked offline by
// the receipt core compiled to wasm. Its verdict must be the CLI's: for a
// valid receipt and for a corpus where each region of a receipt is altered
// in turn, the page's verdict equals `limpide verify --json`'s, and no
// altered receipt is ever called valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSuite } from './suite.mjs';
import { eachEngine } from './engines.mjs';
import { root } from './server.mjs';
import { assertNoLeaks, openPage } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';
import { NOTICE_PATH as NOTICE, cli, runCli } from './receipt.mjs';

// The version the documented controller records name, and that notice-v2.json follows.
const NOTICE_BEFORE_LOG = join(root, 'www', 'notices', 'pass-region-2026-12-01.json');

/** `limpide verify --json` on one file (and the notice): its one input's verdict, without the input's name. */
function cliVerdict(file, notice) {
  const args = ['verify', file, '--json', ...(notice ? ['--notice', notice] : [])];
  const run = runCli(args);
  assert.ok(run.status === 0 || run.status === 1, `limpide verify exited ${run.status}: ${run.stderr}`);
  const { input: _name, ...verdict } = JSON.parse(run.stdout).inputs[0];
  return verdict;
}

/** Members sorted, so that two JSON texts of the same value compare equal. */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  }
  return value;
}

/** A receipt signed by the CLI: the pupil's key, two grants. */
function signedReceipt(dir) {
  const key = join(dir, 'pupil.jwk');
  if (!existsSync(key)) execFileSync(cli(), ['keygen', '--out', key], { stdio: 'ignore' });
  return execFileSync(cli(), ['sign', '--key', key, '--notice', NOTICE, '--grant', 'bons-plans:sms', '--grant', 'enquetes:email'], { encoding: 'utf8' }).trim();
}

/** The receipt with each region altered in turn: none of these may verify. */
function corpus(text, dir) {
  const jws = JSON.parse(text);
  const flip = (s, at) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
  const cases = {
    'payload byte': { ...jws, payload: flip(jws.payload, 40) },
    'payload padded': { ...jws, payload: `${jws.payload}=` },
    'header byte': { ...jws, signatures: [{ ...jws.signatures[0], protected: flip(jws.signatures[0].protected, 30) }] },
    'signature byte': { ...jws, signatures: [{ ...jws.signatures[0], signature: flip(jws.signatures[0].signature, 10) }] },
    'signature padded': { ...jws, signatures: [{ ...jws.signatures[0], signature: `${jws.signatures[0].signature}==` }] },
    'extra member': { ...jws, extra: true },
    'unprotected header': { ...jws, signatures: [{ ...jws.signatures[0], header: { kid: 'x' } }] },
    'no signature': { ...jws, signatures: [] },
  };
  const texts = Object.fromEntries(Object.entries(cases).map(([name, value]) => [name, JSON.stringify(value)]));
  texts.truncated = text.slice(0, Math.floor(text.length / 2));
  texts['not json'] = 'Bonjour, ceci est une lettre.';
  // A controller's signature by a key no notice lists, checked with the notice.
  const stranger = join(dir, 'stranger.jwk');
  if (!existsSync(stranger)) execFileSync(cli(), ['keygen', '--out', stranger], { stdio: 'ignore' });
  const receiptFile = join(dir, 'valid.json');
  texts['unlisted controller key'] = execFileSync(cli(), ['countersign', receiptFile, '--key', stranger], { encoding: 'utf8' }).trim();
  return texts;
}

/** Three receipts in a chain (each `--previous` the one before), as texts, first to latest. */
function chainOfThree(dir) {
  const key = join(dir, 'pupil.jwk');
  if (!existsSync(key)) execFileSync(cli(), ['keygen', '--out', key], { stdio: 'ignore' });
  const texts = [];
  for (const grant of ['bons-plans:sms', 'enquetes:email', 'bons-plans:email']) {
    const previous = texts.length ? ['--previous', join(dir, `chain-${texts.length - 1}.json`)] : [];
    const text = execFileSync(cli(), ['sign', '--key', key, '--notice', NOTICE, '--grant', grant, ...previous], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, `chain-${texts.length}.json`), text);
    texts.push(text);
  }
  return texts;
}

/** The suite of the engine being run (useSuite, in each engine's block). */
const suite = {};

/** Gives the open verify page `text`, checks it, and returns the verdict it shows. */
async function pageVerdict(page, text) {
  await page.evaluate((text) => {
    document.getElementById('receipt-text').value = text;
    document.getElementById('receipt-text').dispatchEvent(new Event('input'));
  }, text);
  await page.evaluate(() => delete document.getElementById('result').dataset.verdict);
  await page.locator('#verify-form button[type="submit"]').click();
  await page.waitForFunction(() => document.getElementById('result').dataset.verdict !== undefined, null, { timeout: 10000 });
  return JSON.parse(await page.locator('#result').getAttribute('data-verdict'));
}

eachEngine((engine) => {
  useSuite({ engine }, suite);

  test('a valid receipt: intact, signed by the pupil, every decision shown, and the same verdict as the CLI', async () => {
    const text = signedReceipt(suite.temp.dir);
    const file = join(suite.temp.dir, 'valid.json');
    writeFileSync(file, text);
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
    try {
      await assertNoViolations(page, null, 'the empty verify page');
      const verdict = await pageVerdict(page, text);
      assert.deepEqual(sorted(verdict), sorted(cliVerdict(file)));
      await assertNoViolations(page, null, 'the verify page with a valid receipt');
      assert.equal(verdict.valid, true);
      assert.match(await page.locator('#result-heading').innerText(), /intact/);
      assert.match(await page.locator('[data-signers]').innerText(), /l'élève/);
      assert.match(await page.locator('[data-purpose="bons-plans"]').innerText(), /sms : oui ; email : non/);
      assert.match(await page.locator('[data-purpose="enquetes"]').innerText(), /email : oui/);
      await assertNoLeaks(context, suite.server.origin);
    } finally {
      await context.close();
    }
  });

  test('the controller\'s records: each said to be its kind, with the CLI\'s verdict, with and without the notice; a manifest is never a receipt', async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
    try {
      const kinds = {
        'campaign-manifest.json': [/manifeste de campagne est intact/, /c-2026-rentree/],
        'release-record.json': [/enregistrement d'envoi est intact/, /Lignes gardées/],
        'box-withdrawal.json': [/retrait d'une case est intact/, /ne donne jamais de consentement/],
        'device-enrollment.json': [/ajout d'appareil est intact/, /premier reçu de l'élève/],
      };
      for (const [name, [heading, body]] of Object.entries(kinds)) {
        const file = join(root, 'docs', 'examples', name);
        const text = readFileSync(file, 'utf8');
        for (const withNotice of [false, true]) {
          if (withNotice) {
            await page.evaluate((url) => (document.getElementById('notice-url').value = url), `${suite.server.url}notices/pass-region-2026-12-01.json`);
          }
          const verdict = await pageVerdict(page, text);
          await page.evaluate(() => (document.getElementById('notice-url').value = ''));
          assert.deepEqual(sorted(verdict), sorted(cliVerdict(file, withNotice ? NOTICE_BEFORE_LOG : undefined)), `${name}: the page and the CLI differ`);
          assert.equal(verdict.valid, true, name);
          assert.equal(verdict.controller, withNotice ? 'listed' : 'unchecked', name);
          assert.match(await page.locator('#result-heading').innerText(), heading, name);
          assert.match(await page.locator('#result-body').innerText(), body, name);
        }
      }
      await assertNoViolations(page, null, 'the verify page with a campaign manifest');
      // The manifest's header given a receipt's typ: refused as the CLI refuses it.
      const manifest = JSON.parse(readFileSync(join(root, 'docs', 'examples', 'campaign-manifest.json'), 'utf8'));
      const header = JSON.parse(Buffer.from(manifest.signatures[0].protected, 'base64url').toString());
      manifest.signatures[0].protected = Buffer.from(JSON.stringify({ ...header, typ: 'limpide-receipt+jws;v=1' })).toString('base64url');
      const file = join(suite.temp.dir, 'manifest-as-receipt.json');
      writeFileSync(file, JSON.stringify(manifest));
      const verdict = await pageVerdict(page, JSON.stringify(manifest));
      assert.equal(verdict.valid, false);
      assert.equal(verdict.kind, 'receipt');
      assert.deepEqual(sorted(verdict), sorted(cliVerdict(file)));
    } finally {
      await context.close();
    }
  });

  test('every altered receipt is refused, with the CLI\'s verdict and problems', async () => {
    const valid = signedReceipt(suite.temp.dir);
    writeFileSync(join(suite.temp.dir, 'valid.json'), valid);
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
    try {
      for (const [name, text] of Object.entries(corpus(valid, suite.temp.dir))) {
        const file = join(suite.temp.dir, `altered-${name.replace(/\W+/g, '-')}.json`);
        writeFileSync(file, text);
        const withNotice = name === 'unlisted controller key';
        if (withNotice) {
          await page.evaluate((url) => (document.getElementById('notice-url').value = url), `${suite.server.url}notices/pass-region.json`);
        }
        const verdict = await pageVerdict(page, text);
        await page.evaluate(() => (document.getElementById('notice-url').value = ''));
        assert.equal(verdict.valid, false, `${name}: called valid`);
        assert.ok(verdict.problems.length > 0, `${name}: refused without a reason`);
        assert.deepEqual(sorted(verdict), sorted(cliVerdict(file, withNotice ? NOTICE : undefined)), `${name}: the page and the CLI differ`);
        assert.match(await page.locator('#result-heading').innerText(), /n'est pas valide/, name);
      }
      await assertNoViolations(page, null, 'the verify page with an invalid receipt');
    } finally {
      await context.close();
    }
  });

  test('a joint receipt: refused without the guardian\'s signature, valid with it, with the age bracket and the simpler texts; the same verdicts as the CLI', async () => {
    const college = join(root, 'www', 'notices', 'pass-college.json');
    const pupil = join(suite.temp.dir, 'joint-pupil.jwk');
    const parent = join(suite.temp.dir, 'joint-parent.jwk');
    for (const key of [pupil, parent]) if (!existsSync(key)) execFileSync(cli(), ['keygen', '--out', key], { stdio: 'ignore' });
    const alone = execFileSync(cli(), ['sign', '--key', pupil, '--notice', college, '--grant', 'bons-plans:sms', '--age', 'under', '--guardian-holds-authority', '--guardian-name', 'M. D.'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const aloneFile = join(suite.temp.dir, `joint-alone-${engine}.json`);
    writeFileSync(aloneFile, alone);
    const both = execFileSync(cli(), ['countersign', aloneFile, '--key', parent, '--role', 'guardian'], { encoding: 'utf8' }).trim();
    const bothFile = join(suite.temp.dir, `joint-both-${engine}.json`);
    writeFileSync(bothFile, both);
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
    try {
      const refused = await pageVerdict(page, alone);
      assert.equal(refused.valid, false);
      assert.deepEqual(refused.problems.map((p) => p.code), ['joint-signature-missing']);
      assert.deepEqual(sorted(refused), sorted(cliVerdict(aloneFile)));
      assert.match(await page.locator('[data-problems]').innerText(), /guardian's signature/);
      await page.evaluate((url) => (document.getElementById('notice-url').value = url), `${suite.server.url}notices/pass-college.json`);
      const valid = await pageVerdict(page, both);
      assert.equal(valid.valid, true, JSON.stringify(valid.problems));
      assert.deepEqual(sorted(valid), sorted(cliVerdict(bothFile, college)));
      assert.match(await page.locator('[data-signers]').innerText(), /parent ou tuteur/);
      const result = await page.locator('#result').innerText();
      assert.match(result, /moins de 15 ans/);
      assert.match(result, /M\. D\., déclare exercer l'autorité parentale/);
      assert.match(await page.locator('[data-purpose="bons-plans"]').innerText(), /Recevoir des réductions pour le cinéma/);
      await assertNoViolations(page, null, 'the verify page with a joint receipt');
    } finally {
      await context.close();
    }
  });

  test('an export (a list of receipts) is checked receipt by receipt, and whether its links hold', async () => {
    const [first, second, third] = chainOfThree(suite.temp.dir);
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
    const giveList = async (list) => {
      await page.evaluate((text) => {
        const area = document.getElementById('receipt-text');
        area.value = text;
        area.dispatchEvent(new Event('input'));
        delete document.getElementById('result').dataset.chain;
      }, `[${list.join(',')}]`);
      await page.locator('#verify-form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('result').dataset.chain !== undefined, null, { timeout: 10000 });
      return JSON.parse(await page.locator('#result').getAttribute('data-chain'));
    };
    try {
      const whole = await giveList([third, first, second]);
      assert.deepEqual(whole, { holds: true, chains: 1, order: [1, 2, 0], missing_previous: [], replaced_twice: [] });
      assert.match(await page.locator('[data-links]').innerText(), /chacun remplace le précédent/);
      const gap = await giveList([first, third]);
      assert.equal(gap.holds, false);
      assert.deepEqual(gap.missing_previous, [1]);
      assert.match(await page.locator('[data-links]').innerText(), /Le reçu 2 remplace un reçu qui n'est pas ici/);
      // A receipt altered inside the list is refused there, and breaks no other verdict.
      const altered = third.replace(/"signature":"(.)/, (_m, c) => `"signature":"${c === 'A' ? 'B' : 'A'}`);
      await giveList([first, second, altered]);
      const verdicts = JSON.parse(await page.locator('#result').getAttribute('data-verdicts'));
      assert.deepEqual(verdicts.map((v) => v.valid), [true, true, false]);
      await assertNoViolations(page, null, 'the verify page with a chain');
    } finally {
      await context.close();
    }
  });

  test('given two versions of a notice, the page says which purposes are new or have other texts', { skip: engine !== 'chromium' && 'file inputs are driven through Chromium' }, async () => {
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
    try {
      const file = (name, path) => ({ name, mimeType: 'application/json', buffer: readFileSync(path) });
      await page.locator('#older-notice').setInputFiles(file('v1.json', NOTICE_BEFORE_LOG));
      await page.locator('#newer-notice').setInputFiles(file('v2.json', join(root, 'tests', 'e2e', 'pages', 'notice-v2.json')));
      await page.locator('#compare-form button[type="submit"]').click();
      await page.locator('[data-changes]').waitFor({ state: 'visible', timeout: 10000 });
      const change = (id) => page.locator(`[data-changes] [data-purpose="${id}"]`).getAttribute('data-change');
      assert.equal(await change('ateliers-numeriques'), 'added');
      assert.equal(await change('enquetes'), 'changed');
      assert.equal(await change('bons-plans'), 'same');
      assert.match(await page.locator('[data-changes] [data-purpose="enquetes"]').innerText(), /textes modifiés \(fr, en\)/);
      assert.match(await page.locator('#result-body').innerText(), /Autres changements : controller, version\./);
      await assertNoViolations(page, null, 'the verify page comparing two notices');
    } finally {
      await context.close();
    }
  });

  test('with the notice, the page says the signed texts are that notice version\'s; a broken notice checks nothing', { skip: engine !== 'chromium' && 'file inputs are driven through Chromium' }, async () => {
    const text = signedReceipt(suite.temp.dir);
    const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html?lang=en`);
    try {
      assert.equal(await page.locator('h1').innerText(), 'Check a consent receipt');
      await page.locator('#notice-file').setInputFiles({ name: 'notice.json', mimeType: 'application/json', buffer: readFileSync(NOTICE) });
      await page.locator('#receipt-file').setInputFiles({ name: 'receipt.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForFunction(() => document.getElementById('result').dataset.valid === 'true', null, { timeout: 10000 });
      assert.match(await page.locator('#result-body').innerText(), /exactly those of this version of the notice/);
      await page.locator('#notice-file').setInputFiles({ name: 'notice.json', mimeType: 'application/json', buffer: Buffer.from('{"id": 1}') });
      await page.locator('#verify-form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('result').dataset.valid === 'false', null, { timeout: 10000 });
      assert.match(await page.locator('#result-body').innerText(), /The notice given is not valid/);
    } finally {
      await context.close();
    }
  });
});
