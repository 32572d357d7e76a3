import { Browser, signedIn } from '../helpers/browser';
import { withdrawEveryRequest } from '../helpers/duplicates';
import { seedRequestJourney } from '../helpers/seedJourney';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** The office marks a request expedited on its review page (issue 12); the plan's clock follows. */
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  browser = await signedIn(t.app);
});
afterEach(async () => withdrawEveryRequest(t.db));
afterAll(async () => t.close());

/** A request for a code with no coverage rule: it pends for the plan's review. */
async function pendingReview(): Promise<void> {
  const { url } = await seedRequestJourney(t.db, {
    answers: { careSetting: { careSetting: 'outpatient', categoryId: 'durable-medical-equipment' }, diagnoses: ['G47.33'], procedures: [{ code: 'E0470', system: 'HCPCS', units: 2 }] },
  });
  await browser.visit(url);
}

const HOUR = 3_600_000;

test('the review page offers Expedited with the CMS wording; ticked without a reason, the request is not sent and the page says why', async () => {
  await pendingReview();
  const page = browser.page;
  const box = page.controlByLabel(page.root, 'Expedited');
  expect(box.getAttribute('type')).toBe('checkbox');
  const hint = page.root.querySelector(`#${box.getAttribute('aria-describedby')?.split(' ')[0]}`)?.text ?? '';
  expect(hint).toContain("could seriously jeopardize the member's life or health or ability to regain maximum function");
  const before = await t.db('auth_requests').count({ n: '*' }).first();

  const refused = await browser.submit('Submit Request', { Expedited: 'yes' });
  expect(refused.status).toBe(422);
  expect(refused.title).toMatch(/^Error: /);
  const message = 'Enter why the standard timeframe could seriously jeopardize the member, or untick Expedited';
  expect(refused.errorSummary).toEqual([{ message, href: '#expeditedReason' }]);
  expect(refused.inlineErrors).toEqual([message]);
  expect(refused.root.querySelector('#expedited')?.hasAttribute('checked')).toBe(true);
  expect(await t.db('auth_requests').count({ n: '*' }).first()).toEqual(before);
});

test('an expedited request is due 72 hours after it is received, with its justification kept', async () => {
  await pendingReview();
  const results = await browser.submit('Submit Request', { Expedited: 'yes', 'Why the request is expedited (only if Expedited is ticked)': 'Member cannot sleep without it and is at risk of falls' });
  expect(results.status).toBe(200);
  const reference = /Reference #: (\d{9})/.exec(results.mainText)?.[1];
  const row = await t.db('auth_requests').where({ reference_number: reference }).first();
  expect(row).toMatchObject({ priority: 'expedited', expedited_reason: 'Member cannot sleep without it and is at risk of falls', status: 'Pended' });
  expect(Date.parse(row.due_at) - Date.parse(row.submitted_at)).toBe(72 * HOUR);
});

test('a standard request is due 7 calendar days after it is received; each line at submit is a decision of the coverage rules', async () => {
  await pendingReview();
  const results = await browser.submit('Submit Request');
  const reference = /Reference #: (\d{9})/.exec(results.mainText)?.[1];
  const row = await t.db('auth_requests').where({ reference_number: reference }).first();
  expect(row).toMatchObject({ priority: 'standard', expedited_reason: null });
  expect(Date.parse(row.due_at) - Date.parse(row.submitted_at)).toBe(168 * HOUR);
  expect(await t.db('line_decisions').where({ request_id: row.id }).select('outcome', 'decided_by', 'decided_by_role')).toEqual([{ outcome: 'Pended', decided_by: null, decided_by_role: 'coverage-rules' }]);
});
