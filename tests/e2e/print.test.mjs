// The printable receipt (www/print.html), reached from the verify page:
// rendered to PDF by Chromium's printing, then read back with poppler
// (`pdftotext`, `pdftoppm`): the paper carries the controller, the date,
// each purpose's exact texts and decisions, the signers' fingerprints and
// the digest, and its QR code decodes (jsQR) to that digest.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { useSuite } from './suite.mjs';
import { SEL, assertNoLeaks, openForm, openPage, waitForEvents, waitForReady, waitForState } from './browser.mjs';
import { assertNoViolations } from './axe.mjs';
import { NOTICE_PATH as NOTICE, cli } from './receipt.mjs';

before(() => {
  for (const tool of ['/usr/bin/pdftotext', '/usr/bin/pdftoppm']) {
    assert.ok(existsSync(tool), `${tool} is missing: install Debian's poppler-utils (cargo xtask test does)`);
  }
});
const suite = useSuite();

test('the verify page prints a valid receipt on A4: its texts, decisions, signers, digest, and a QR code of the digest', async () => {
  const key = join(suite.temp.dir, 'pupil.jwk');
  execFileSync(cli(), ['keygen', '--out', key], { stdio: 'ignore' });
  const receipt = execFileSync(cli(), ['sign', '--key', key, '--notice', NOTICE, '--grant', 'bons-plans:sms'], { encoding: 'utf8' }).trim();
  const { inputs: [{ digest, signers: [{ kid }] }] } = JSON.parse(
    execFileSync(cli(), ['verify', '-', '--json'], { input: receipt, encoding: 'utf8' }),
  );
  const { context, page } = await openPage(suite.browser, `${suite.server.url}verify.html`);
  try {
    await page.evaluate(
      ({ receipt, url }) => {
        document.getElementById('receipt-text').value = receipt;
        document.getElementById('notice-url').value = url;
      },
      { receipt, url: `${suite.server.url}notices/pass-region.json` },
    );
    await page.locator('#verify-form button[type="submit"]').click();
    await page.locator('[data-print]').click();
    await waitForReady(page, 10000);
    assert.ok(new URL(page.url()).pathname.endsWith('/print.html'));
    await assertNoViolations(page, null, 'the printable receipt');
    const pdf = join(suite.temp.dir, 'receipt.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));

    const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const info = execFileSync('/usr/bin/pdfinfo', [pdf], { encoding: 'utf8' });
    const notice = JSON.parse(readFileSync(NOTICE, 'utf8'));
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Reçu de consentement',
      notice.controller.name.fr ?? notice.controller.name,
      notice.purposes[0].title.fr,
      notice.purposes[0].description.fr.slice(0, 40),
      digest,
      kid,
    ]) {
      assert.ok(flat.includes(String(expected).replace(/\s+/g, ' ')), `the PDF lacks ${JSON.stringify(expected)}:\n${text.slice(0, 1500)}`);
    }
    assert.match(flat, /par SMS : oui/);
    assert.match(flat, /par e-mail : non/);
    assert.match(info, /Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/, info);

    // The QR code, from the PDF's first page as an image.
    const prefix = join(suite.temp.dir, 'page');
    execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
    const png = PNG.sync.read(readFileSync(`${prefix}.png`));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.ok(code, 'no QR code found on the printed page');
    assert.equal(code.data, digest, 'the QR code does not carry the receipt digest');

    // The paper matched to the file: the scanned code typed into the verify
    // page with the receipt; one changed character does not match.
    await page.goBack();
    await page.waitForFunction(() => typeof document.getElementById('receipt-text')?.value === 'string', null, { timeout: 10000 });
    const paper = async (typed) => {
      await page.evaluate(({ receipt, typed }) => {
        document.getElementById('receipt-text').value = receipt;
        document.getElementById('paper-digest').value = typed;
        document.getElementById('result-body').replaceChildren();
      }, { receipt, typed });
      await page.locator('#verify-form button[type="submit"]').click();
      await page.locator('[data-paper]').waitFor({ timeout: 10000 });
      return page.locator('[data-paper]').getAttribute('data-paper');
    };
    assert.equal(await paper(` ${code.data} `), 'match');
    assert.match(await page.locator('[data-paper]').innerText(), /Le papier correspond à ce fichier/);
    const altered = `${code.data.slice(0, -1)}${code.data.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(await paper(altered), 'mismatch');
    await assertNoViolations(page, null, 'the verify page with a paper that does not match');
    await assertNoLeaks(context, suite.server.origin);
  } finally {
    await context.close();
  }
});

test('the form\'s summary links to My consents, and its print button opens the printable receipt of what was just signed', async () => {
  const { context, page } = await openForm(suite.browser, suite.server.url, { events: true });
  try {
    await page.locator(SEL.refuseAll).click();
    const [{ detail }] = await waitForEvents(page, 'limpide:receipt');
    await waitForState(page, 'summary');
    const link = page.locator('a[data-action="my-consents"]');
    assert.equal(await link.getAttribute('href'), `${suite.server.url}receipts.html`);
    assert.equal(await link.innerText(), 'Voir tous mes consentements');
    const [printed] = await Promise.all([context.waitForEvent('page'), page.locator(SEL.print).click()]);
    await waitForReady(printed, 10000);
    assert.ok(new URL(printed.url()).pathname.endsWith('/print.html'));
    const file = join(suite.temp.dir, 'from-form.json');
    writeFileSync(file, JSON.stringify(detail.receipt));
    const { inputs: [{ digest }] } = JSON.parse(execFileSync(cli(), ['verify', file, '--json'], { encoding: 'utf8' }));
    assert.equal(await printed.locator('[data-digest]').innerText(), digest);
    assert.match(await printed.locator('main').innerText(), /Recevoir les bons plans/);
    await assertNoLeaks(context, suite.server.origin);
  } finally {
    await context.close();
  }
});
