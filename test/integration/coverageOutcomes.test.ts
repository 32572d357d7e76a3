import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { documentClinical, fillToReview, startRequest, type RequestOptions } from '../helpers/journey';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  browser = await signedIn(t.app);
});
afterAll(async () => t.close());

async function review(options: RequestOptions): Promise<Page> {
  await startRequest(browser, options);
  return fillToReview(browser, options);
}

function lineStatuses(page: Page): string[] {
  return page.root.querySelectorAll('#lines tbody tr').map((tr) => tr.querySelectorAll('td')[8]?.text.trim() ?? '');
}

function typeOf(page: Page): string {
  const row = page.root.querySelectorAll('.summary-list__row').find((r) => r.querySelector('dt')?.text.trim() === 'Type');
  return row?.querySelector('dd')?.text.trim() ?? '';
}

describe('coverage outcomes per line', () => {
  test('72148 with the advanced imaging criteria met is Approved', async () => {
    await review({ category: 'Advanced imaging', treatmentType: 'Radiology', diagnoses: ['M54.50'], procedures: [{ code: '72148', units: '1' }] });
    const page = await documentClinical(browser, '72148', 'Yes');
    expect(page.h1).toBe('Authorization Request');
    expect(typeOf(page)).toBe('Advanced imaging');
    expect(page.text('#line-1')).toContain('Criteria met for this request');
    expect(lineStatuses(await browser.submit('Submit Request'))).toEqual(['Approved']);
  });

  test('the questionnaire page asks each question as Yes / No radios, and wants every one answered', async () => {
    await review({ category: 'Sleep studies', treatmentType: 'Sleep medicine', diagnoses: ['G47.33'], procedures: [{ code: '95810', units: '1' }] });
    const href = browser.page.root.querySelector('a[href$="/document-clinical/95810"]')?.getAttribute('href') ?? '';
    const page = await browser.visit(href);
    expect(page.h1).toBe('Document Clinical: Sleep study in a sleep lab');
    expect(page.root.querySelectorAll('fieldset')).toHaveLength(3);
    expect(page.root.querySelectorAll('fieldset')[0]?.querySelectorAll('.radios__label').map((l) => l.text.trim())).toEqual(['Yes', 'No']);
    const partial = await browser.submit('Continue', { [page.texts('legend')[0] ?? '']: 'Yes' });
    expect(partial.status).toBe(422);
    expect(partial.errorSummary.map((e) => e.message)).toEqual(['Select Yes or No for question 2', 'Select Yes or No for question 3']);
    expect(partial.inlineErrors).toEqual(['Select Yes or No for question 2', 'Select Yes or No for question 3']);
    // The answer given is kept.
    expect(partial.root.querySelector('fieldset input[value=yes][checked]')).not.toBeNull();
  });

  test('99213 needs no authorization', async () => {
    const page = await review({ category: 'Office visits', treatmentType: 'Medical care', diagnoses: ['I10'], procedures: [{ code: '99213', units: '1' }] });
    expect(page.text('#line-1')).toContain('No authorization required');
    expect(page.root.querySelector('a[href*="/document-clinical/"]')).toBeNull();
    expect(lineStatuses(await browser.submit('Submit Request'))).toEqual(['No authorization required']);
  });

  test('every inpatient category is pended for clinical review', async () => {
    const page = await review({ careSetting: 'Inpatient', category: 'Medical admission', treatmentType: 'Medical care', placeOfService: '21 - Inpatient Hospital', diagnoses: ['E11.9'], procedures: [{ code: '99213', units: '1' }] });
    expect(page.text('#line-1')).toContain('Clinical review required');
    expect(lineStatuses(await browser.submit('Submit Request'))).toEqual(['Pended']);
  });

  test('a code with no rule is pended for review, never approved', async () => {
    const page = await review({ category: 'Durable medical equipment', treatmentType: 'Durable medical equipment', diagnoses: ['G47.33'], procedures: [{ code: 'E0470', units: '1' }] });
    expect(page.text('#line-1')).toContain('This code has no coverage rule');
    expect(lineStatuses(await browser.submit('Submit Request'))).toEqual(['Pended']);
  });

  test('Submit is refused, with a message, while a line still needs its clinical documentation', async () => {
    await review({ procedures: [{ code: '80324', units: '1' }, { code: '80305', units: '1' }] });
    const before = await t.db('auth_requests').count({ n: '*' }).first();
    const page = await browser.submit('Submit Request');
    expect(page.status).toBe(422);
    expect(page.h1).toBe('Authorization Request');
    expect(page.errorSummary).toEqual([{ href: '#line-1', message: 'Document the clinical information for 80324 before you submit the request' }]);
    expect(await t.db('auth_requests').count({ n: '*' }).first()).toEqual(before);
    await documentClinical(browser, '80324', 'Yes');
    expect(lineStatuses(await browser.submit('Submit Request'))).toEqual(['Approved', 'No authorization required']);
  });
});

describe('physical therapy: 20 units a member a calendar year without authorization', () => {
  const pt = (units: string, date = '04/01/2026'): RequestOptions => ({
    memberId: '5634026',
    dateOfService: date,
    startDate: date,
    endDate: date,
    category: 'Physical, occupational and speech therapy',
    treatmentType: 'Physical therapy',
    providerSearch: '1678901236',
    providerLabel: 'Priya Patel, DPT (NPI 1678901236)',
    diagnoses: ['M54.50'],
    procedures: [{ code: '97110', units }],
  });

  test('up to the limit needs no authorization; past it the request is Beyond Benefit Limits and pended', async () => {
    const first = await review(pt('12'));
    expect(first.text('#line-1')).toContain('No authorization required');
    expect(lineStatuses(await browser.submit('Submit Request'))).toEqual(['No authorization required']);

    const second = await review(pt('8'));
    expect(second.text('#line-1')).toContain('No authorization required');
    expect(typeOf(second)).toBe('Physical, occupational and speech therapy');
    await browser.submit('Submit Request');

    const third = await review(pt('1'));
    expect(typeOf(third)).toBe('Beyond Benefit Limits');
    expect(third.text('#line-1')).toContain('Beyond benefit limits: 20 of 20 units a year were already requested for 2026');
    const results = await browser.submit('Submit Request');
    expect(lineStatuses(results)).toEqual(['Pended']);
    expect(typeOf(results)).toBe('Beyond Benefit Limits');
  });

  test('the count starts again in a new calendar year', async () => {
    const page = await review(pt('20', '01/05/2027'));
    expect(page.text('#line-1')).toContain('No authorization required');
  });
});

describe('codes are checked again at submit', () => {
  test('a code that is no longer in force on the date of service refuses the submit, with a message pointing at it', async () => {
    await review({ diagnoses: ['Z79.891'], procedures: [{ code: '80305', units: '1' }] });
    // The code set changed after the code was added (or the dates did): Z79.891 ended the day before.
    await t.db('codes').where({ system: 'ICD10CM', code: 'Z79.891' }).update({ effective_to: '2026-03-01' });
    try {
      const page = await browser.submit('Submit Request');
      expect(page.status).toBe(422);
      expect(page.errorSummary).toEqual([{ href: '#diagnoses', message: 'Z79.891 is not in force on 03/02/2026, the start date of service: change the code or the dates of service' }]);
      expect(page.root.querySelector('#diagnoses')).not.toBeNull();
    } finally {
      await t.db('codes').where({ system: 'ICD10CM', code: 'Z79.891' }).update({ effective_to: null });
    }
  });
});
