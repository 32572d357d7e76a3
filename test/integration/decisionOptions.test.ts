import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { TWO_LINES } from '../helpers/planRequests';
import { insertDemoRequest, type DemoRequest } from '../../src/seed/demoRequests';

/** Deciding every line at once, and approving a shorter period than asked (issue 12). */
const NOW = new Date('2026-03-10T15:00:00.000Z');
let t: TestApp;
let nurse: Browser;
let physician: Browser;
let office: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  nurse = await signedIn(t.app, 'demo.nurse');
  physician = await signedIn(t.app, 'demo.physician');
  office = await signedIn(t.app, 'demo.provider');
});
afterAll(async () => t.close());

/** A request assigned to the reviewer, its decision page open; line 1 asked for 03/10/2026 to 03/31/2026. */
async function deciding(reviewer: Browser): Promise<string> {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  await t.db('request_lines').where({ request_id: request.id, line_number: 1 }).update({ to_date: '2026-03-31' });
  await reviewer.visit(`/plan/requests/${reference}`);
  await reviewer.submit('Assign to me');
  await reviewer.submit('Decide this request');
  return reference;
}

const recorded = async (reference: string) => {
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  return t.db('line_decisions').where({ request_id: request.id }).whereNot({ decided_by_role: 'coverage-rules' }).orderBy('id').select('outcome', 'authorized_units', 'authorized_from', 'authorized_to', 'reason_code', 'reason_text');
};

test('a nurse approves all lines at once: each line gets the units and period asked for', async () => {
  const reference = await deciding(nurse);
  expect(nurse.page.text('#all-lines h2')).toBe('Apply to all lines');
  expect(nurse.page.mainText).not.toContain('Deny all lines');
  const page = await nurse.submit('Approve all lines');
  expect(page.status).toBe(200);
  expect(page.text('#line-1')).toContain('Chosen: Approved, 3 units.');
  expect(page.text('#line-2')).toContain('Chosen: Approved, 1 unit.');
  const sent = await nurse.submit('Send decision');
  expect(sent.mainText).toContain('Decision sent.');
  expect(await recorded(reference)).toEqual([
    { outcome: 'Approved', authorized_units: 3, authorized_from: '2026-03-10', authorized_to: '2026-03-31', reason_code: null, reason_text: null },
    { outcome: 'Approved', authorized_units: 1, authorized_from: '2026-03-10', authorized_to: '2026-03-10', reason_code: null, reason_text: null },
  ]);
});

test("deny all lines: one reason for every line, refused without one, and refused to a nurse who posts it by hand", async () => {
  const reference = await deciding(physician);
  const noReason = await physician.submit('Deny all lines');
  expect(noReason.status).toBe(422);
  expect(noReason.errorSummary).toEqual([
    { message: 'All lines: select the reason code', href: '#reasonCode-all' },
    { message: 'All lines: enter the reason for the decision: which criterion was not met, or what documentation fell short', href: '#reasonText-all' },
  ]);
  expect(noReason.inlineErrors).toEqual(noReason.errorSummary.map((e) => e.message));
  expect(noReason.mainText).not.toContain('Chosen:');

  const page = await physician.submit('Deny all lines', { 'Reason code for all lines': 'The clinical criteria for this service were not met', 'Reason for the decision on all lines': 'No trial of conservative therapy' });
  expect(page.status).toBe(200);
  expect(page.texts('section.line p strong')).toEqual(['Chosen: Denied.', 'Chosen: Denied.']);
  await physician.submit('Send decision');
  expect(await recorded(reference)).toEqual([
    { outcome: 'Denied', authorized_units: null, authorized_from: null, authorized_to: null, reason_code: 'criteria-not-met', reason_text: 'No trial of conservative therapy' },
    { outcome: 'Denied', authorized_units: null, authorized_from: null, authorized_to: null, reason_code: 'criteria-not-met', reason_text: 'No trial of conservative therapy' },
  ]);

  const other = await deciding(nurse);
  const refused = await nurse.post(nurse.page.url, { _csrf: nurse.csrfToken, action: 'deny:all', 'reasonCode-all': 'criteria-not-met', 'reasonText-all': 'No sleep study' });
  expect(refused.status).toBe(422);
  const message = 'Line 1: only a physician reviewer may deny a line or approve less than requested. Refer it to a physician';
  expect(refused.errorSummary).toEqual([{ message, href: '#apply-all' }]);
  expect(refused.inlineErrors).toEqual([message]);
  expect(await recorded(other)).toEqual([]);
});

test('a shorter period than asked is approved in part, the fields labelled; outside the period asked, or a date that is not one, is refused with a clear message', async () => {
  const reference = await deciding(physician);
  const fields = { 'Reason code for line 1': 'fewer-units-necessary', 'Reason for the decision on line 1': 'Two weeks, then reassess' };
  const outside = await physician.submit('Partially approve line 1', { ...fields, 'Authorized from for line 1': '03/09/2026', 'Authorized to for line 1': '04/02/2026' });
  expect(outside.status).toBe(422);
  expect(outside.errorSummary).toEqual([
    { message: 'Line 1: the authorized period cannot start before 03/10/2026, the first day requested', href: '#authorizedFrom-1' },
    { message: 'Line 1: the authorized period cannot end after 03/31/2026, the last day requested', href: '#authorizedTo-1' },
  ]);
  expect(outside.inlineErrors).toEqual(outside.errorSummary.map((e) => e.message));
  expect(outside.valueOf('Authorized from for line 1')).toBe('03/09/2026');

  const notADate = await physician.submit('Partially approve line 1', { ...fields, 'Authorized from for line 1': '03/10/2026', 'Authorized to for line 1': '02/30/2026' });
  expect(notADate.errorSummary).toEqual([{ message: 'Line 1: enter the authorized to date as a real date, like 03/31/2026', href: '#authorizedTo-1' }]);

  const fullApproval = await physician.submit('Approve line 1', { 'Authorized from for line 1': '03/10/2026', 'Authorized to for line 1': '03/24/2026' });
  expect(fullApproval.errorSummary).toEqual([{ message: 'Line 1: an approval in full authorizes the period requested; choose Partially approve for a shorter period', href: '#authorizedFrom-1' }]);

  const shorter = await physician.submit('Partially approve line 1', { ...fields, 'Authorized from for line 1': '03/10/2026', 'Authorized to for line 1': '03/24/2026' });
  expect(shorter.status).toBe(200);
  expect(shorter.text('#line-1')).toContain('Chosen: Partially approved, 3 units, 03/10/2026 to 03/24/2026.');
  expect(shorter.valueOf('Authorized to for line 1')).toBe('03/24/2026');
  await physician.submit('Approve line 2');
  await physician.submit('Send decision');
  expect((await recorded(reference))[0]).toEqual({ outcome: 'Partially approved', authorized_units: 3, authorized_from: '2026-03-10', authorized_to: '2026-03-24', reason_code: 'fewer-units-necessary', reason_text: 'Two weeks, then reassess' });

  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  expect(detail.text('#lines tbody tr:nth-child(1)').replace(/\s+/g, '')).toContain('Authorizedperiod03/10/2026to03/24/2026');
});
