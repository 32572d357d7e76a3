import { Browser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { documentClinical, fillToReview, startRequest } from '../helpers/journey';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function signedIn(username = 'demo.provider'): Promise<Browser> {
  const browser = new Browser(t.app);
  await browser.signIn(username);
  return browser;
}

describe('submitting a request for Dino Saur and 80324', () => {
  test('criteria met: Approved, with a reference number', async () => {
    const browser = await signedIn();
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
    const browser = await signedIn();
    await startRequest(browser);
    await fillToReview(browser);
    const review = await documentClinical(browser, '80324', ['Yes', 'No', 'Yes', 'Yes']);
    expect(review.text('#line-1')).toContain('Criteria not met: this line will be pended for clinical review');
    const results = await browser.submit('Submit Request');
    expect(results.texts('#lines tbody td')[8]).toBe('Pended');
    expect(results.texts('#lines tbody td')[6]).toBe('');
  });
});
