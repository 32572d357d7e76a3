import { Browser, signedIn } from '../helpers/browser';
import { withdrawEveryRequest } from '../helpers/duplicates';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { documentClinical, fillToReview, startRequest } from '../helpers/journey';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterEach(async () => withdrawEveryRequest(t.db));
afterAll(async () => t.close());

describe('submitting a request for Dino Saur and 80324', () => {
  test('criteria met: Approved, with a reference number', async () => {
    const browser = await signedIn(t.app);
    await startRequest(browser);
    const review = await fillToReview(browser);
    expect(review.h1).toBe('Authorization Request');
    expect(review.text('#line-1')).toContain("REVIEW REQUIRED: This request requires review. Select the 'Document Clinical' button to continue.");

    const afterClinical = await documentClinical(browser, '80324', 'Yes');
    expect(afterClinical.h1).toBe('Authorization Request');
    expect(afterClinical.text('#line-1')).toContain('Criteria met for this request');

    const results = await browser.submit('Submit Request');
    expect(results.status).toBe(200);
    expect(results.mainText).toMatch(/Reference #: \d{9}/);
    expect(results.mainText).toContain('An authorization is not a guarantee of payment');
    const row = results.root.querySelectorAll('#lines tbody tr')[0];
    const cells = row?.querySelectorAll('td').map((c) => c.text.replace(/\s+/g, ' ').trim()) ?? [];
    expect(cells[0]).toBe('1');
    expect(cells[1]).toContain('80324');
    expect(cells[2]).toBe('03/02/2026');
    expect(cells[4]).toBe('1');
    expect(cells[6]).toBe('1');
    expect(cells[8]).toBe('Approved');
    const summary = Object.fromEntries(results.root.querySelectorAll('.summary-list__row').map((r) => [r.querySelector('dt')?.text.trim(), r.querySelector('dd')?.text.trim()]));
    expect(summary['Place of service']).toBe('11 - Office');
    expect(summary['Status']).toBe('Approved');
    expect(summary['Type']).toBe('Drug testing');
    expect(summary['Authorization number']).toMatch(/^EPS-\d{8}$/);
  });

  test('criteria not met: Pended', async () => {
    const browser = await signedIn(t.app);
    await startRequest(browser);
    await fillToReview(browser);
    const review = await documentClinical(browser, '80324', ['Yes', 'No', 'Yes', 'Yes']);
    expect(review.text('#line-1')).toContain('Criteria not met: this line will be pended for clinical review');
    const results = await browser.submit('Submit Request');
    expect(results.texts('#lines tbody td')[8]).toBe('Pended');
    expect(results.texts('#lines tbody td')[6]).toBe('');
  });
});

describe('the clinical answers and who decided (issue 9, items 19 and 20)', () => {
  test('the questionnaire does not coach the answer', async () => {
    const browser = await signedIn(t.app);
    await startRequest(browser);
    await fillToReview(browser);
    const link = browser.page.root.querySelector('a[href$="/document-clinical/80324"]')?.getAttribute('href') ?? '';
    const page = await browser.visit(link);
    expect(page.h1).toContain('Document Clinical');
    expect(page.mainText).not.toMatch(/answer(ed)? Yes/i);
    expect(page.mainText).not.toContain('every question');
  });

  test('the request page (and so its printout) shows each question and answer, with who attested them and when', async () => {
    const browser = await signedIn(t.app);
    await startRequest(browser);
    await fillToReview(browser);
    await documentClinical(browser, '80324', ['Yes', 'No', 'Yes', 'Yes']);
    const results = await browser.submit('Submit Request');
    const section = results.root.querySelector('#clinical-answers');
    expect(section).not.toBeNull();
    expect(results.text('#clinical-answers h3')).toBe('Line 1 (80324): Definitive drug testing');
    expect(results.text('#clinical-answers p')).toMatch(/^Attested by Dana Provider on \d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} (AM|PM)$/);
    const answers = section?.querySelectorAll('.summary-list__row').map((r) => [r.querySelector('dt')?.text.trim(), r.querySelector('dd')?.text.trim()]);
    expect(answers).toEqual([
      ["Was a presumptive (screening) drug test done first, and is its result in the member's record?", 'Yes'],
      ['Was the presumptive result unexpected, or is a substance suspected that the presumptive test cannot detect?', 'No'],
      ['Will the definitive result be used to make a treatment decision for this member?', 'Yes'],
      ['Is the test ordered by the clinician treating the member, with the drugs to be tested documented in the order?', 'Yes'],
    ]);
    // The print stylesheet hides forms, navigation and buttons: the answers are in none of them.
    expect(results.root.querySelector('link[media=print]')).not.toBeNull();
    expect(section?.closest('form')).toBeNull();
    const reference = /Reference #: (\d{9})/.exec(results.mainText)?.[1] ?? '';
    const line = await t.db('request_lines as l').join('auth_requests as r', 'r.id', 'l.request_id').where('r.reference_number', reference).first('l.id');
    const user = await t.db('users').where({ username: 'demo.provider' }).first('id');
    expect(await t.db('questionnaire_responses').where({ request_line_id: line.id }).first('attested_by')).toEqual({ attested_by: user.id });
  });

  test('a status the coverage rules decided is credited to them, with the date they came into force, not to the office user', async () => {
    const browser = await signedIn(t.app);
    await startRequest(browser);
    await fillToReview(browser);
    await documentClinical(browser, '80324', 'Yes');
    const results = await browser.submit('Submit Request');
    const history = results.root.querySelectorAll('#history tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim()).slice(1));
    expect(history).toEqual([
      ['Request', 'Submitted', 'Dana Provider'],
      ['Line 1 (80324)', 'Approved', 'The coverage rules (automatic), in force from 01/01/2026'],
    ]);
  });
});
