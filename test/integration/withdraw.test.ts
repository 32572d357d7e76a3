import { Browser, signedIn } from '../helpers/browser';
import { decideEveryLine, TWO_LINES } from '../helpers/planRequests';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { withdrawLines } from '../../src/db/repositories/withdrawals';

/**
 * Issue 14: the office withdraws a whole request or some of its lines; they become Cancelled, the plan's
 * queue drops them, and a reviewer deciding the same line at once is told which of them won.
 */
const NOW = new Date('2026-03-10T15:00:00.000Z');
let t: TestApp;
let office: Browser;
let otherOffice: Browser;
let nurse: Browser;
let physician: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  office = await signedIn(t.app, 'demo.provider');
  otherOffice = await signedIn(t.app, 'demo.provider2');
  nurse = await signedIn(t.app, 'demo.nurse');
  physician = await signedIn(t.app, 'demo.physician');
});
afterAll(async () => t.close());

/** Submits the withdraw page with these lines ticked and this reason (by its words). */
async function withdraw(lines: string[], reason: string, words = '') {
  const { form, buttonEl } = office.page.formWithButton('Withdraw request');
  const data: Record<string, string | string[]> = office.formData(form, buttonEl, reason ? { Reason: reason, 'More about the reason': words } : { 'More about the reason': words });
  data.lines = lines;
  return office.post(form.getAttribute('action') ?? '', data);
}

const lineStatuses = async (reference: string) => {
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id', 'status');
  const lines = await t.db('request_lines').where({ request_id: request.id }).orderBy('line_number').pluck('status');
  return { request: request.status as string, lines: lines as string[] };
};

test('a pended line is withdrawn with a reason: it is cancelled, the other line still waits, the history and the audit log say who and why', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  expect(detail.texts('#request-actions a')).toContain('Withdraw');
  const page = await office.visit(`/prior-auth/requests/${reference}/withdraw`);
  expect(page.status).toBe(200);
  expect(page.h1).toBe(`Withdraw request ${reference}`);

  const done = await withdraw(['1'], 'The member declined the service', 'Chose to buy one');
  expect(office.statuses[0]).toBe(303);
  expect(done.url).toBe(`/prior-auth/requests/${reference}`);
  expect(done.text('[role=status]')).toBe('Line 1 withdrawn: cancelled.');
  expect(await lineStatuses(reference)).toEqual({ request: 'Pended', lines: ['Cancelled', 'Pended'] });
  const row = done.root.querySelectorAll('#lines tbody tr')[0];
  expect(row?.querySelector('[data-label="Status"]')?.text).toContain('Cancelled');
  expect(row?.querySelector('[data-label="Decision"]')?.text.replace(/\s+/g, ' ')).toContain('Withdrawn by the office: The member declined the service. Chose to buy one');
  expect(done.texts('#history tbody tr')).toContainEqual(expect.stringMatching(/Line 1 \(E0601\)\s*Cancelled\s*Dana Provider$/));

  const decision = await t.db('line_decisions').orderBy('id', 'desc').first();
  expect(decision).toMatchObject({ outcome: 'Cancelled', decided_by_role: 'office', reason_text: 'Withdrawn by the office: The member declined the service. Chose to buy one' });
  const audit = await t.db('audit_log').where({ action: 'request-withdrawn', reference_number: reference }).first();
  expect(audit.detail).toBe('lines 1; reason member-declined');
  // Still in the queue: line 2 waits.
  expect((await nurse.visit('/plan/queue')).mainText).toContain(reference);
});

test('withdrawing every line cancels the request and takes it off the plan\'s queue', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  expect((await nurse.visit('/plan/queue')).mainText).toContain(reference);
  await office.visit(`/prior-auth/requests/${reference}/withdraw`);
  const done = await withdraw(['1', '2'], 'The service is no longer needed');
  expect(done.text('[role=status]')).toBe('The request was withdrawn: its lines are cancelled.');
  expect(await lineStatuses(reference)).toEqual({ request: 'Cancelled', lines: ['Cancelled', 'Cancelled'] });
  expect((await nurse.visit('/plan/queue')).mainText).not.toContain(reference);
  // Nothing left to withdraw: the request page no longer offers it.
  expect(done.texts('#request-actions a')).not.toContain('Withdraw');
});

test('the withdraw page asks for the lines and the reason, in the summary and beside the fields; "Another reason" needs words', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  await office.visit(`/prior-auth/requests/${reference}/withdraw`);
  let page = await withdraw([], '');
  expect(page.status).toBe(422);
  expect(page.title).toMatch(/^Error: /);
  expect(page.errorSummary).toEqual([
    { message: 'Select the lines to withdraw', href: '#line-1' },
    { message: 'Select the reason for withdrawing', href: '#reason' },
  ]);
  expect(page.inlineErrors).toEqual(['Select the lines to withdraw', 'Select the reason for withdrawing']);
  page = await withdraw(['2'], 'Another reason');
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ message: 'Say why the request is withdrawn', href: '#words' }]);
  // What was chosen stays chosen.
  expect(page.root.querySelector('#line-2')?.hasAttribute('checked')).toBe(true);
  expect(page.root.querySelector('#reason-other')?.hasAttribute('checked')).toBe(true);
  // A made-up line or reason is refused as a form problem, never a 500.
  page = await withdraw(['7'], 'The service is no longer needed');
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toBe('Select only lines that can still be withdrawn');
  expect(await lineStatuses(reference)).toEqual({ request: 'Pended', lines: ['Pended', 'Pended'] });
});

test('an approved line whose service has not started may be withdrawn; a denied one, or one that started, may not', async () => {
  const future = await insertDemoRequest(t.db, { ...TWO_LINES, hoursAgo: -72 }, NOW);
  await decideEveryLine(t.db, future, 'Approved', NOW);
  const page = await office.visit(`/prior-auth/requests/${future}/withdraw`);
  expect(page.root.querySelectorAll('input[name=lines]').map((i) => i.getAttribute('value'))).toEqual(['1', '2']);
  await withdraw(['2'], 'Another provider will give the service');
  expect((await lineStatuses(future)).lines).toEqual(['Approved', 'Cancelled']);

  const started = await insertDemoRequest(t.db, TWO_LINES, NOW);
  await decideEveryLine(t.db, started, 'Approved', NOW);
  const denied = await insertDemoRequest(t.db, { ...TWO_LINES, hoursAgo: -72 }, NOW);
  await decideEveryLine(t.db, denied, 'Denied', NOW);
  for (const reference of [started, denied]) {
    expect((await office.visit(`/prior-auth/requests/${reference}`)).texts('#request-actions a')).not.toContain('Withdraw');
    const none = await office.visit(`/prior-auth/requests/${reference}/withdraw`);
    expect(none.mainText).toContain('No line of this request can be withdrawn.');
    const posted = await office.post(`/prior-auth/requests/${reference}/withdraw`, { _csrf: office.csrfToken, lines: '1', reason: 'no-longer-needed' });
    expect(posted.status).toBe(422);
  }
  expect((await lineStatuses(denied)).lines).toEqual(['Denied', 'Denied']);
});

test('when the plan decides a line while the office withdraws it, the first to commit wins and the other is told plainly', async () => {
  // The reviewer first: the office's page was read before the decision.
  const decidedFirst = await insertDemoRequest(t.db, { ...TWO_LINES, hoursAgo: -72 }, NOW);
  await office.visit(`/prior-auth/requests/${decidedFirst}/withdraw`);
  await decideEveryLine(t.db, decidedFirst, 'Denied', NOW);
  const told = await withdraw(['1'], 'The service is no longer needed');
  expect(told.status).toBe(409);
  expect(told.errorSummary[0]?.message).toBe('The plan decided a line of this request while you were withdrawing it, so nothing was withdrawn. Look at the lines again: those that can still be withdrawn are listed below.');
  expect((await lineStatuses(decidedFirst)).lines).toEqual(['Denied', 'Denied']);

  // The office first: the physician's decision page was open, the office withdraws, then the physician sends.
  const withdrawnFirst = await insertDemoRequest(t.db, TWO_LINES, NOW);
  await physician.visit(`/plan/requests/${withdrawnFirst}`);
  await physician.submit('Assign to me');
  await physician.submit('Decide this request');
  await physician.submit('Approve line 1');
  await physician.submit('Approve line 2');
  await office.visit(`/prior-auth/requests/${withdrawnFirst}/withdraw`);
  await withdraw(['1'], 'The service is no longer needed');
  const loser = await physician.submit('Send decision');
  expect(loser.status).toBe(422);
  expect(loser.errorSummary[0]?.message).toBe('The office withdrew line 1 of this request while you were deciding it, so your decision was not sent. The request now shows the line as cancelled.');
  // Nothing half-applied: line 2 was not decided either.
  expect((await lineStatuses(withdrawnFirst)).lines).toEqual(['Cancelled', 'Pended']);
});

test("another organization's request cannot be withdrawn: not found", async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  expect((await otherOffice.visit(`/prior-auth/requests/${reference}/withdraw`)).status).toBe(404);
  await otherOffice.visit('/prior-auth');
  const posted = await otherOffice.post(`/prior-auth/requests/${reference}/withdraw`, { _csrf: otherOffice.csrfToken, lines: '1', reason: 'no-longer-needed' });
  expect(posted.status).toBe(404);
  expect((await lineStatuses(reference)).lines).toEqual(['Pended', 'Pended']);
});

test('the withdrawal itself is a compare-and-set: a line decided after it was read is not withdrawn, nor any other', async () => {
  const reference = await insertDemoRequest(t.db, TWO_LINES, NOW);
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  const lines = await t.db('request_lines').where({ request_id: request.id }).orderBy('line_number').select('id', 'decision_count', 'status');
  const user = await t.db('users').where({ username: 'demo.provider' }).first('id');
  await decideEveryLine(t.db, reference, 'Approved', NOW);
  const result = await withdrawLines(t.db, { requestId: request.id, userId: user.id, note: 'Withdrawn by the office: test', at: NOW.toISOString() }, lines.map((l) => ({ lineId: l.id, seenDecisions: l.decision_count, seenStatus: l.status })));
  expect(result).toEqual({ kind: 'changed' });
  expect((await lineStatuses(reference)).lines).toEqual(['Approved', 'Approved']);
  expect(await t.db('line_decisions').where({ request_id: request.id, outcome: 'Cancelled' }).first()).toBeUndefined();
});
