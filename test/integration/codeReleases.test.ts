import fs from 'node:fs';
import path from 'node:path';
import { importIcd10cm } from '../../src/importers/icd10cm';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { icdLine } from '../helpers/codeDb';
import { DEFAULTS, documentClinical, fillToReview, startRequest } from '../helpers/journey';
import { startTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  // A release in force from 10/01/2026 that drops F11.20 (and every other demo code but these)
  // and adds E11.A, whose second character after the category is a letter.
  const file = path.join(t.dir, 'icd10cm-codes-2027.txt');
  fs.writeFileSync(
    file,
    [
      icdLine('F1121', 'Opioid dependence, in remission'),
      icdLine('F1123', 'Opioid dependence with withdrawal'),
      icdLine('E11A', 'Type 2 diabetes mellitus without complications in remission'),
      icdLine('M5450', 'Low back pain, unspecified'),
      '',
    ].join('\r\n'),
  );
  // It ends nearly all the demo set's codes on purpose, so it says so.
  await importIcd10cm(t.db, { file, allowMassEnd: true });
});
afterAll(async () => t.close());

/** A new request for Dino Saur on the date of service, answered up to the diagnosis codes page. */
async function atDiagnoses(dateOfService: string): Promise<Browser> {
  const browser = await signedIn(t.app);
  await startRequest(browser, { dateOfService });
  await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Drug testing' });
  await browser.submit('Find provider', { 'Provider search': DEFAULTS.providerSearch });
  await browser.submit('Continue', { 'Servicing provider': DEFAULTS.providerLabel });
  await browser.submit('Continue', { 'Treatment type': 'Laboratory', 'Place of service': '11 - Office' });
  return browser;
}

function expectCodeError(page: Page, message: string): void {
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ href: '#diagnosisCode', message }]);
  expect(page.inlineErrors).toEqual([message]);
}

describe('the date of service decides which codes a request may use', () => {
  test('after the new release takes effect, a dropped code is refused with the day it ended; the new code is accepted', async () => {
    const browser = await atDiagnoses('11/02/2026');
    expectCodeError(await browser.submit('Add diagnosis', { 'Diagnosis code': 'F11.20' }), 'F11.20 ended on 09/30/2026: it cannot be used for 11/02/2026, the start date of service. Choose a code in force on that date');
    // The category suggests only codes in force on the date.
    expectCodeError(await browser.submit('Add diagnosis', { 'Diagnosis code': 'F11.2' }), 'F11.2 is a category: choose a more specific code such as F11.21 or F11.23');
    const added = await browser.submit('Add diagnosis', { 'Diagnosis code': 'e11a' });
    expect(added.texts('#code-list tbody tr td:first-child')).toEqual(['E11.A Primary']);
  });

  test('after the new release takes effect, a word search lists only the codes in force', async () => {
    const browser = await atDiagnoses('11/02/2026');
    const page = await browser.submit('Add diagnosis', { 'Diagnosis code': 'opioid dependence' });
    expect(page.texts('#search-results tbody td:first-child')).toEqual(['F11.21', 'F11.23']);
  });

  test('before it takes effect, the dropped code is still good and the new one is refused with the day it starts', async () => {
    const browser = await atDiagnoses('03/02/2026');
    expectCodeError(await browser.submit('Add diagnosis', { 'Diagnosis code': 'E11.A' }), 'E11.A takes effect on 10/01/2026: it cannot be used for 03/02/2026, the start date of service. Choose a code in force on that date');
    const added = await browser.submit('Add diagnosis', { 'Diagnosis code': 'F1120' });
    expect(added.texts('#code-list tbody tr td:first-child')).toEqual(['F11.20 Primary']);
    const page = await browser.submit('Add diagnosis', { 'Diagnosis code': 'opioid dependence' });
    expect(page.texts('#search-results tbody td:first-child')).toEqual(expect.arrayContaining(['F11.20', 'F11.21']));
  });

  test('unknown codes and categories get their messages', async () => {
    const browser = await atDiagnoses('11/02/2026');
    expectCodeError(await browser.submit('Add diagnosis', { 'Diagnosis code': 'E11.Z' }), 'E11.Z is not an ICD-10-CM diagnosis code. Check the code, or search by words of its description');
    expectCodeError(await browser.submit('Add diagnosis', { 'Diagnosis code': 'E11' }), 'E11 is a category: choose a more specific code such as E11.A');
  });
});

describe('a line that is not a covered benefit', () => {
  test('shows "Not a covered benefit" on the review page, and Submit is refused until it is removed', async () => {
    const browser = await signedIn(t.app);
    const options = {
      category: 'Durable medical equipment',
      treatmentType: 'Durable medical equipment',
      diagnoses: ['M54.50'],
      procedures: [{ code: 'E0625', units: '1' }, { code: 'E0601', units: '1' }],
    };
    await startRequest(browser, options);
    const review = await fillToReview(browser, options);
    expect(review.h1).toBe('Authorization Request');
    expect(review.text('#line-1')).toContain('Not a covered benefit: remove this line to submit the request.');
    expect(review.root.querySelector('a[href$="/document-clinical/E0625"]')).toBeNull();
    await documentClinical(browser, 'E0601', 'Yes');

    const before = await t.db('auth_requests').count({ n: '*' }).first();
    const refused = await browser.submit('Submit Request');
    expect(refused.status).toBe(422);
    expect(refused.errorSummary).toEqual([{ href: '#line-1', message: 'E0625 is not a covered benefit: remove it before you submit the request' }]);
    expect(await t.db('auth_requests').count({ n: '*' }).first()).toEqual(before);

    // Removing the line lets the rest of the request go.
    const procedures = await browser.visit(browser.page.root.querySelector('a[href$="/procedures"]')?.getAttribute('href') ?? '');
    await browser.submit('Remove E0625');
    await browser.submit('Continue');
    const submitted = await browser.submit('Submit Request');
    expect(procedures.h1).toBe('Procedure codes');
    expect(submitted.status).toBe(200);
    expect(submitted.mainText).toContain('E0601');
    expect(submitted.mainText).not.toContain('E0625');
  });
});
