import { Browser, signedIn } from '../helpers/browser';
import { withdrawEveryRequest } from '../helpers/duplicates';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { documentClinical, fillToReview, journeyIdOf, startRequest } from '../helpers/journey';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterEach(async () => withdrawEveryRequest(t.db));
afterAll(async () => t.close());

async function atReviewWithCriteriaMet(): Promise<{ browser: Browser; id: string }> {
  const browser = await signedIn(t.app);
  const first = await startRequest(browser);
  const id = journeyIdOf(first);
  await fillToReview(browser);
  await documentClinical(browser, '80324', 'Yes');
  return { browser, id };
}

async function requestsFor(journeyId: string) {
  return t.db('auth_requests').where({ journey_id: journeyId });
}

function referenceOf(text: string): string {
  return /Reference #: (\d{9})/.exec(text)?.[1] ?? '';
}

describe('a request is submitted once, however often Submit is pressed', () => {
  test('one transaction stores the request, its diagnoses, lines, answers and status history', async () => {
    const { browser, id } = await atReviewWithCriteriaMet();
    const results = await browser.submit('Submit Request');
    const reference = referenceOf(results.mainText);
    expect(reference).toMatch(/^\d{9}$/);
    const [request] = await requestsFor(id);
    expect(request.reference_number).toBe(reference);
    expect(request.authorization_number).toMatch(/^EPS-\d{8}$/);
    expect(request.status).toBe('Approved');
    expect(await t.db('request_diagnoses').where({ request_id: request.id }).pluck('code')).toEqual(['F11.20']);
    const lines = await t.db('request_lines').where({ request_id: request.id });
    expect(lines.map((l) => [l.line_number, l.code, l.units, l.status, l.authorized_units])).toEqual([[1, '80324', 1, 'Approved', 1]]);
    const response = await t.db('questionnaire_responses').where({ request_line_id: lines[0].id }).first();
    expect(JSON.parse(response.response)).toMatchObject({ resourceType: 'QuestionnaireResponse', questionnaire: 'definitive-drug-testing', status: 'completed' });
    expect(Boolean(response.criteria_met)).toBe(true);
    expect(await t.db('status_history').where({ request_id: request.id }).pluck('status')).toEqual(['Submitted', 'Approved']);
  });

  test('a double click (the same form posted twice) gives the same result page and one request', async () => {
    const { browser, id } = await atReviewWithCriteriaMet();
    const { form, buttonEl } = browser.page.formWithButton('Submit Request');
    const data = browser.formData(form, buttonEl, {});
    const url = browser.page.url;
    const first = await browser.post(url, data);
    const second = await browser.post(url, data);
    expect(second.status).toBe(200);
    expect(referenceOf(second.mainText)).toBe(referenceOf(first.mainText));
    expect(await requestsFor(id)).toHaveLength(1);
  });

  test('two posts at the same moment give one request and the same reference number', async () => {
    const { browser, id } = await atReviewWithCriteriaMet();
    const { form, buttonEl } = browser.page.formWithButton('Submit Request');
    const data = browser.formData(form, buttonEl, {});
    const url = browser.page.url;
    const [a, b] = await Promise.all([browser.agent.post(url).type('form').send(data), browser.agent.post(url).type('form').send(data)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await requestsFor(id)).toHaveLength(1);
  });

  test('Back to the review after submitting says it was submitted, with a link to it; Submit again leads to the same results page', async () => {
    const { browser, id } = await atReviewWithCriteriaMet();
    const { form, buttonEl } = browser.page.formWithButton('Submit Request');
    const data = browser.formData(form, buttonEl, {});
    const results = await browser.submit('Submit Request');
    const reference = /\/prior-auth\/requests\/(\d{9})\/submitted/.exec(results.url)?.[1];
    const again = await browser.visit(`/prior-auth/${id}/review`);
    expect(again.status).toBe(200);
    expect(again.h1).toBe('This request has been submitted');
    expect(again.mainText).toContain(`as reference ${reference}`);
    expect(again.root.querySelector(`a[href="/prior-auth/requests/${reference}"]`)?.text).toBe(`View request ${reference}`);
    const resubmitted = await browser.post(`/prior-auth/${id}/review`, data);
    expect(resubmitted.url).toBe(results.url);
    expect(await requestsFor(id)).toHaveLength(1);
  });

  test('refreshing the results page shows it again and creates nothing', async () => {
    const { browser, id } = await atReviewWithCriteriaMet();
    const results = await browser.submit('Submit Request');
    const refreshed = await browser.visit(results.url);
    expect(referenceOf(refreshed.mainText)).toBe(referenceOf(results.mainText));
    expect(await requestsFor(id)).toHaveLength(1);
  });
});

describe('two tabs hold two requests that never mix', () => {
  test('each journey keeps its own answers and gets its own reference number', async () => {
    const browser = await signedIn(t.app);
    const tabA = journeyIdOf(await startRequest(browser, { memberId: '5634024' }));
    const tabB = journeyIdOf(await startRequest(browser, { memberId: '5634026' }));
    expect(tabA).not.toBe(tabB);

    // Interleave the two: answer tab A's first step, then tab B's, then finish both.
    await browser.visit(`/prior-auth/${tabA}/care-setting`);
    await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Drug testing' });
    await browser.visit(`/prior-auth/${tabB}/care-setting`);
    await browser.submit('Continue', { 'Care setting': 'Inpatient', Category: 'Surgical admission' });

    await browser.visit(`/prior-auth/${tabA}/care-setting`);
    await browser.submit('Continue');
    const reviewA = await fillRest(browser, ['F11.20'], '80305');
    await browser.visit(`/prior-auth/${tabB}/care-setting`);
    await browser.submit('Continue');
    const reviewB = await fillRest(browser, ['E11.9'], '99213');

    expect(reviewA.text('.patient-line')).toContain('Dino Saur');
    expect(reviewB.text('.patient-line')).toContain('Rosa Parkway');
    const a = referenceOf((await browser.post(`/prior-auth/${tabA}/review`, { _csrf: browser.csrfToken, action: 'submit' })).mainText);
    const b = referenceOf((await browser.post(`/prior-auth/${tabB}/review`, { _csrf: browser.csrfToken, action: 'submit' })).mainText);
    expect(a).toMatch(/^\d{9}$/);
    expect(b).toMatch(/^\d{9}$/);
    expect(a).not.toBe(b);
    const [reqA] = await requestsFor(tabA);
    const [reqB] = await requestsFor(tabB);
    expect([reqA.care_setting, reqA.category_id]).toEqual(['outpatient', 'drug-testing']);
    expect([reqB.care_setting, reqB.category_id]).toEqual(['inpatient', 'surgical-admission']);
  });

  async function fillRest(browser: Browser, diagnoses: string[], procedure: string) {
    await browser.submit('Find provider', { 'Provider search': 'gonzalez' });
    await browser.submit('Continue', { 'Servicing provider': 'Maria Gonzalez, MD (NPI 1987654328)' });
    await browser.submit('Continue', { 'Treatment type': 'Medical care', 'Place of service': '11 - Office' });
    for (const code of diagnoses) await browser.submit('Add diagnosis', { 'Diagnosis code': code });
    await browser.submit('Continue');
    await browser.submit('Continue', { 'Procedure code': procedure, Units: '1' });
    return browser.submit('Continue', { 'Contact name': 'Pat Office', 'Contact phone': '555-201-3344', 'Contact fax': '555-201-3345' });
  }
});

describe('the results page belongs to the organization that submitted the request', () => {
  test('another user of the same organization sees it; another organization gets 404, as for no request at all', async () => {
    const { browser } = await atReviewWithCriteriaMet();
    const results = await browser.submit('Submit Request');

    const colleague = await signedIn(t.app, 'demo.admin');
    expect((await colleague.visit(results.url)).status).toBe(200);

    const outsider = await signedIn(t.app, 'demo.provider2');
    const denied = await outsider.visit(results.url);
    const missing = await outsider.visit('/prior-auth/requests/000000001');
    expect(denied.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(denied.h1).toBe(missing.h1);
    expect(denied.mainText).not.toContain('Dino');
  });
});
