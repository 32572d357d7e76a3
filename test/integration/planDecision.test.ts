import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { TWO_LINES } from '../helpers/planRequests';
import { testPasswordHasher } from '../helpers/passwords';
import { insertDemoRequest, type DemoRequest } from '../../src/seed/demoRequests';
import { insertUser } from '../../src/db/repositories/users';
import { DEMO_PASSWORD } from '../../src/seed/demo';

/** The plan's review page and decision journey (issue 12), and what the office then sees. */
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

/** Text as read aloud: a term and its value run together in the page's text, so spaces are not compared. */
const squeezed = (text: string) => text.replace(/\s+/g, '');

async function assignedTo(reviewer: Browser, request: DemoRequest = TWO_LINES): Promise<string> {
  const reference = await insertDemoRequest(t.db, request, NOW);
  await reviewer.visit(`/plan/requests/${reference}`);
  await reviewer.submit('Assign to me');
  return reference;
}

async function decide(reviewer: Browser, reference: string) {
  await reviewer.visit(`/plan/requests/${reference}`);
  return reviewer.submit('Decide this request');
}

test('the review page shows what the office sent; deciding needs the request assigned to you first', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  const page = await physician.visit(`/plan/requests/${reference}`);
  expect(page.h1).toBe(`Request ${reference}`);
  for (const text of ['Dino Saur, member ID 5634024', 'OpenPA Community Health Plan, 01/01/2018 to 12/31/2030', 'Northside Family Clinic', 'Priya Patel, DPT', 'M54.50', 'Standard', '03/17/2026 1:00 AM EDT', '6 days 14 hours left', 'Assigned to Nobody']) {
    expect(squeezed(page.mainText)).toContain(squeezed(text));
  }
  expect(page.texts('#lines tbody tr td:nth-child(2)').map((s) => s.split(' ')[0])).toEqual(['E0601', 'K0001']);
  expect(page.mainText).not.toContain('Decide this request');
  const refused = await physician.post(`/plan/requests/${reference}/decide`, { _csrf: physician.csrfToken });
  expect(refused.mainText).toContain('Assign the request to yourself before deciding it');
  const assigned = await physician.submit('Assign to me');
  expect(squeezed(assigned.mainText)).toContain('AssignedtoYou');
  const decidePage = await physician.submit('Decide this request');
  expect(decidePage.h1).toBe(`Decide request ${reference}`);
  // The review page three times, and the decision page, which shows the member too.
  expect(await t.db('audit_log').where({ action: 'request-reviewed', reference_number: reference }).count({ n: '*' }).first()).toEqual({ n: 4 });
});

test("a clinical reviewer's denial is refused with a clear message (the page offers her no Deny button)", async () => {
  const reference = await assignedTo(nurse);
  const page = await decide(nurse, reference);
  expect(page.root.querySelectorAll('button').map((b) => b.text.trim())).toEqual(expect.arrayContaining(['Approve line 1', 'Send decision', 'Request information', 'Extend review', 'Refer to physician']));
  expect(page.mainText).not.toContain('Deny line 1');
  // A hand-made post of the Deny button.
  const refused = await nurse.post(page.url, { _csrf: nurse.csrfToken, action: 'deny:1', 'reasonCode-1': 'criteria-not-met', 'reasonText-1': 'No sleep study' });
  expect(refused.status).toBe(422);
  const message = 'Line 1: only a physician reviewer may deny a line or approve less than requested. Refer it to a physician';
  expect(refused.errorSummary).toEqual([{ message, href: '#units-1' }]);
  expect(refused.inlineErrors).toEqual([message]);
  expect(refused.title).toMatch(/^Error: /);
});

test('a denial without reasons, and authorized units above those requested, are refused with clear messages; the typed values are kept', async () => {
  const reference = await assignedTo(physician);
  await decide(physician, reference);
  const noReasons = await physician.submit('Deny line 1');
  expect(noReasons.status).toBe(422);
  expect(noReasons.errorSummary.map((e) => e.message)).toEqual(['Line 1: select the reason code', 'Line 1: enter the reason for the decision: which criterion was not met, or what documentation fell short']);
  expect(noReasons.inlineErrors).toEqual(noReasons.errorSummary.map((e) => e.message));

  const tooMany = await physician.submit('Partially approve line 1', { 'Authorized units for line 1': '5', 'Reason code for line 1': 'fewer-units-necessary', 'Reason for the decision on line 1': 'Two are enough' });
  expect(tooMany.status).toBe(422);
  expect(tooMany.errorSummary).toEqual([{ message: 'Line 1: authorized units cannot be more than the 3 requested', href: '#units-1' }]);
  expect(tooMany.valueOf('Authorized units for line 1')).toBe('5');
  expect(tooMany.valueOf('Reason code for line 1')).toBe('fewer-units-necessary');
  expect(await t.db('line_decisions').whereNot({ decided_by_role: 'coverage-rules' }).count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('the physician approves 1 line in part and denies the other; Send decision records both and the office sees them, with the role and never the name', async () => {
  const reference = await assignedTo(physician);
  await decide(physician, reference);
  const early = await physician.submit('Send decision');
  expect(early.status).toBe(422);
  expect(early.errorSummary.map((e) => e.message)).toEqual(['Line 1: choose Approve, Partially approve or Deny', 'Line 2: choose Approve, Partially approve or Deny']);

  let page = await physician.submit('Partially approve line 1', { 'Authorized units for line 1': '2', 'Reason code for line 1': 'The clinical documentation sent does not support the service', 'Reason for the decision on line 1': 'Usage data supports 2 months, not 3' });
  expect(page.status).toBe(200);
  expect(page.text('#line-1')).toContain('Chosen: Partially approved, 2 units.');
  page = await physician.submit('Deny line 2', { 'Reason code for line 2': 'The clinical criteria for this service were not met', 'Reason for the decision on line 2': 'Criterion 2 of the wheelchair rule: the member walks with a cane' });
  expect(page.text('#line-2')).toContain('Chosen: Denied.');
  const sent = await physician.submit('Send decision');
  expect(sent.url).toBe(`/plan/requests/${reference}?sent=decision`);
  expect(sent.mainText).toContain('Decision sent.');
  expect(sent.mainText).toContain('Partially approved');
  expect(sent.mainText).not.toContain('Decide this request');

  const request = await t.db('auth_requests').where({ reference_number: reference }).first();
  expect(request.status).toBe('Partially approved');
  const decisions = await t.db('line_decisions').where({ request_id: request.id }).whereNot({ decided_by_role: 'coverage-rules' }).orderBy('id').select('outcome', 'authorized_units', 'certification_number', 'reason_code', 'decided_by_role');
  expect(decisions).toEqual([
    { outcome: 'Partially approved', authorized_units: 2, certification_number: `${request.authorization_number}-1`, reason_code: 'documentation-insufficient', decided_by_role: 'physician_reviewer' },
    { outcome: 'Denied', authorized_units: null, certification_number: null, reason_code: 'criteria-not-met', decided_by_role: 'physician_reviewer' },
  ]);
  // Sending again (Back, then Send decision) changes nothing.
  const again = await physician.post(sent.url.replace(/\?.*/, '').replace('/plan/requests/', '/plan/decisions/'), { _csrf: physician.csrfToken });
  expect(again.status).toBeLessThan(500);
  expect(await t.db('line_decisions').where({ request_id: request.id }).count({ n: '*' }).first()).toEqual({ n: 4 });

  // The office's request page.
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  const rows = detail.root.querySelectorAll('#lines tbody tr').map((tr) => squeezed(tr.text));
  expect(rows[0]).toContain('Partiallyapproved');
  expect(rows[0]).toContain(squeezed(`Certification number ${request.authorization_number}-1`));
  expect(rows[0]).toContain(squeezed('Authorized period 03/10/2026 to 03/10/2026'));
  expect(rows[0]).toContain(squeezed('Decided 03/10/2026 by the physician reviewer'));
  expect(rows[0]).toContain(squeezed('Reason The clinical documentation sent does not support the service: Usage data supports 2 months, not 3'));
  expect(detail.text('#lines tbody tr:nth-child(1) td[data-label="Authorized units"]')).toBe('2');
  expect(rows[1]).toContain('Denied');
  expect(rows[1]).toContain(squeezed('Reason The clinical criteria for this service were not met: Criterion 2 of the wheelchair rule: the member walks with a cane'));
  expect(detail.mainText).not.toContain('Phil Physician');
  expect(detail.text('#history')).toContain('Physician reviewer, the plan');

  // Status, by reference number.
  const status = await office.visit(`/prior-auth/status?reference=${reference}`);
  expect(status.mainText).toContain('Partially approved');
  expect(status.mainText).not.toContain('Phil Physician');
  const byStatus = await office.visit('/prior-auth/status?status=Partially+approved');
  expect(byStatus.texts('#submissions tbody tr td:first-child')).toEqual([reference]);
});

test('two reviewers deciding the same line at once give one decision', async () => {
  const second = await t.db('organizations').where({ kind: 'plan' }).first('id');
  await insertUser(t.db, { organizationId: second.id, username: 'demo.physician2', displayName: 'Paula Second', role: 'physician_reviewer', passwordHash: await testPasswordHasher.hash(DEMO_PASSWORD) });
  const other = await signedIn(t.app, 'demo.physician2');
  const one: DemoRequest = { ...TWO_LINES, lines: [{ code: 'E0601', system: 'HCPCS', units: 1 }] };
  const reference = await assignedTo(physician, one);
  const firstPage = await decide(physician, reference);
  // The request passes to the second physician (say, the first went home) while the first still has it open.
  await t.db('auth_requests').where({ reference_number: reference }).update({ assigned_to: (await t.db('users').where({ username: 'demo.physician2' }).first('id')).id });
  const secondPage = await decide(other, reference);
  await physician.visit(firstPage.url);
  await physician.submit('Approve line 1');
  await other.submit('Deny line 1', { 'Reason code for line 1': 'The clinical criteria for this service were not met', 'Reason for the decision on line 1': 'No sleep study on file' });

  const send = (b: Browser, url: string) => b.agent.post(url).type('form').send({ _csrf: b.csrfToken, action: 'send' });
  const [a, b] = await Promise.all([send(physician, firstPage.url), send(other, secondPage.url)]);
  expect([a.status, b.status].sort()).toEqual([303, 422]);
  const loser = a.status === 422 ? a : b;
  expect(loser.text).toContain('Another reviewer decided a line of this request while you were deciding it, so your decision was not sent.');
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  const decided = await t.db('line_decisions').where({ request_id: request.id }).whereNot({ decided_by_role: 'coverage-rules' }).select('outcome');
  expect(decided).toHaveLength(1);
  expect(await t.db('request_lines').where({ request_id: request.id }).first('decision_count')).toEqual({ decision_count: 2 });
});

test('Extend review: more than 14 days is refused; an extension moves the due time, once', async () => {
  const reference = await assignedTo(nurse);
  await decide(nurse, reference);
  let page = await nurse.submit('Extend review');
  expect(page.h1).toBe(`Extend review of request ${reference}`);
  page = await nurse.submit('Extend review', { 'Extension in days': '15', 'Reason for the extension': 'Waiting for the sleep study' });
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ message: 'Enter the extension as a whole number of days from 1 to 14', href: '#extensionDays' }]);
  page = await nurse.submit('Extend review', { 'Extension in days': '5', 'Reason for the extension': 'Waiting for the sleep study' });
  expect(page.h1).toBe(`Decide request ${reference}`);
  expect(page.mainText).toContain('decision due 03/22/2026 1:00 AM EDT');
  await nurse.submit('Extend review');
  page = await nurse.submit('Extend review', { 'Extension in days': '2', 'Reason for the extension': 'Again' });
  expect(page.errorSummary.map((e) => e.message)).toEqual(['The review has been extended already: a review can be extended once']);
});

test('Request information: the lines wait for the office and leave the queue; the office sees what is needed', async () => {
  const reference = await assignedTo(nurse);
  await decide(nurse, reference);
  let page = await nurse.submit('Request information');
  page = await nurse.submit('Request information');
  expect(page.status).toBe(422);
  expect(page.errorSummary.map((e) => e.message)).toEqual(['Enter the information needed: what the office should send']);
  page = await nurse.submit('Request information', { 'Information needed': 'The sleep study report, by 03/15/2026' });
  expect(page.mainText).toContain('Information requested.');
  expect((await t.db('auth_requests').where({ reference_number: reference }).first('status')).status).toBe('Information requested');
  expect((await nurse.visit('/plan/queue')).mainText).not.toContain(reference);
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  expect(detail.text('#lines')).toContain('Information requested');
  expect(detail.text('#history')).toContain('Clinical reviewer, the plan');
});

test('Refer to physician: the nurse hands the request back to the queue, unassigned', async () => {
  const reference = await assignedTo(nurse);
  await decide(nurse, reference);
  await nurse.submit('Refer to physician');
  const page = await nurse.submit('Refer to physician', { 'Note for the physician': 'Looks like a denial to me' });
  expect(page.mainText).toContain('Referred to a physician reviewer.');
  expect(squeezed(page.mainText)).toContain('AssignedtoNobody');
  expect(page.text('#history')).toContain('Referred to a physician reviewer');
});
