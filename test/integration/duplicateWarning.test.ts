import { Browser, signedIn } from '../helpers/browser';
import { documentClinical, fillToReview, startRequest, submitRequest } from '../helpers/journey';
import { withdrawEveryRequest } from '../helpers/duplicates';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** Issue 14: the review page warns before asking twice for the same member, code and dates; submit checks again. */
let t: TestApp;
let office: Browser;
let colleague: Browser;

beforeAll(async () => {
  t = await startTestApp();
  office = await signedIn(t.app, 'demo.provider');
  colleague = await signedIn(t.app, 'demo.provider');
});
afterEach(async () => withdrawEveryRequest(t.db));
afterAll(async () => t.close());

const referenceOf = (text: string) => /Reference #: (\d{9})/.exec(text)?.[1] ?? '';
const countRequests = async () => Number((await t.db('auth_requests').count<{ n: number }[]>({ n: '*' }).first())?.n);

async function atReview(browser: Browser, options: Parameters<typeof fillToReview>[1] = {}) {
  await startRequest(browser, options);
  await fillToReview(browser, options);
  return documentClinical(browser, '80324', 'Yes');
}

test('a second request for the same member, code and dates shows the warning with a link; it is submitted only after "Continue anyway" with a reason', async () => {
  const first = referenceOf((await submitRequest(office)).mainText);
  const review = await atReview(office);
  expect(review.text('#duplicate')).toContain('Dino Saur already has a request for the same procedure on overlapping dates');
  expect(review.root.querySelector('#duplicate a')?.getAttribute('href')).toBe(`/prior-auth/requests/${first}`);
  expect(review.text('#duplicate li')).toBe(`Request ${first} (80324, 03/02/2026 to 03/02/2026, approved)`);

  const before = await countRequests();
  let page = await office.submit('Submit Request');
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ message: `Dino Saur already has a request for the same service on overlapping dates: ${first} (80324, approved). Say why a second request is needed and choose Continue anyway, or update that request instead`, href: '#duplicateReason' }]);
  expect(await countRequests()).toBe(before);

  page = await office.submit('Continue anyway');
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ message: 'Say why a second request is needed, or update the request already made instead', href: '#duplicateReason' }]);
  page = await office.submit('Continue anyway', { 'Why a second request is needed': 'A second drug screen ordered by the court' });
  expect(office.statuses[0]).toBe(303);
  expect(page.text('#duplicate')).toContain('You chose to continue: A second drug screen ordered by the court');
  const done = await office.submit('Submit Request');
  const second = referenceOf(done.mainText);
  expect(second).toMatch(/^\d{9}$/);
  expect(second).not.toBe(first);
  expect((await t.db('auth_requests').where({ reference_number: second }).first('duplicate_reason')).duplicate_reason).toBe('A second drug screen ordered by the court');
  // The plan's reviewer reads why, on the request's page (the office too).
  const reason = (page: { root: { querySelectorAll(s: string): { text: string }[] } }) => page.root.querySelectorAll('.summary-list__row').map((r) => r.text.replace(/\s+/g, ' ').trim()).find((r) => r.startsWith('A second request because'));
  expect(reason(done)).toBe('A second request becauseA second drug screen ordered by the court');
  const nurse = await signedIn(t.app, 'demo.nurse');
  expect(reason(await nurse.visit(`/plan/requests/${second}`))).toBe('A second request becauseA second drug screen ordered by the court');
});

test('no warning when the earlier request is cancelled, or its dates do not overlap', async () => {
  await submitRequest(office);
  expect((await atReview(office, { dateOfService: '03/05/2026', startDate: '03/05/2026', endDate: '03/06/2026' })).root.querySelector('#duplicate')).toBeNull();
  await withdrawEveryRequest(t.db);
  expect((await atReview(office)).root.querySelector('#duplicate')).toBeNull();
});

test('the check runs again at submit: a duplicate submitted meanwhile by a colleague stops the submit, and says so', async () => {
  const review = await atReview(office);
  expect(review.root.querySelector('#duplicate')).toBeNull();
  const meanwhile = referenceOf((await submitRequest(colleague)).mainText);
  const before = await countRequests();
  const page = await office.submit('Submit Request');
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toContain(`Dino Saur already has a request for the same service on overlapping dates: ${meanwhile}`);
  expect(page.text('#duplicate')).toContain('already has a request');
  expect(await countRequests()).toBe(before);
});

test('the warning\'s other way out: "Update that one instead" starts Update or extend on the request already made', async () => {
  const first = referenceOf((await submitRequest(office)).mainText);
  const review = await atReview(office);
  const link = review.root.querySelector('#duplicate .duplicate-update a');
  expect(link?.text.replace(/\s+/g, ' ').trim()).toBe(`Update that one instead (request ${first})`);
  expect(link?.getAttribute('href')).toBe(`/prior-auth/requests/${first}/update`);
  const page = await office.visit(link?.getAttribute('href') ?? '');
  expect(page.h1).toBe(`Update or extend request ${first}`);
  const started = await office.submit('Update or extend');
  expect(started.url).toMatch(/^\/prior-auth\/updates\/[0-9a-f-]{36}\/lines$/);
});
