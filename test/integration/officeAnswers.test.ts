import { Browser, signedIn } from '../helpers/browser';
import { makePdf } from '../helpers/fixtures';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { ONE_LINE } from '../helpers/planRequests';
import { testPasswordHasher } from '../helpers/passwords';
import { insertDemoRequest, type DemoRequest } from '../../src/seed/demoRequests';
import { insertUser } from '../../src/db/repositories/users';
import { DEMO_PASSWORD } from '../../src/seed/demo';
import { readPlanSettings, savePlanSettings } from '../../src/db/repositories/planSettings';

/**
 * Issue 12: the office answers the plan's request for information from the request page, and asks for
 * reconsideration of a denial; a different physician decides the reconsideration.
 */
const NOW = new Date('2026-03-10T15:00:00.000Z');
const DAY = 24 * 3_600_000;
let now = NOW;
let t: TestApp;
let nurse: Browser;
let physician: Browser;
let otherPhysician: Browser;
let office: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  const plan = await t.db('organizations').where({ kind: 'plan' }).first('id');
  await insertUser(t.db, { organizationId: plan.id, username: 'demo.physician2', displayName: 'Paula Second', role: 'physician_reviewer', passwordHash: await testPasswordHasher.hash(DEMO_PASSWORD) });
  nurse = await signedIn(t.app, 'demo.nurse');
  physician = await signedIn(t.app, 'demo.physician');
  otherPhysician = await signedIn(t.app, 'demo.physician2');
  office = await signedIn(t.app, 'demo.provider');
});
beforeEach(() => {
  now = NOW;
});
afterAll(async () => t.close());

const squeezed = (text: string) => text.replace(/\s+/g, '');
const requestRow = (reference: string) => t.db('auth_requests').where({ reference_number: reference }).first();

/** A pended request, assigned to `reviewer`, with the decision page open. */
async function deciding(reviewer: Browser, request: DemoRequest = ONE_LINE): Promise<string> {
  const reference = await insertDemoRequest(t.db, request, now);
  await reviewer.visit(`/plan/requests/${reference}`);
  await reviewer.submit('Assign to me');
  await reviewer.submit('Decide this request');
  return reference;
}

/** The nurse asks for information on a new request; its reference. */
async function informationRequested(): Promise<string> {
  const reference = await deciding(nurse);
  await nurse.submit('Request information');
  const page = await nurse.submit('Request information', { 'Information needed': 'The sleep study report\nand the last office note', 'Respond by': '03/14/2026' });
  expect(page.mainText).toContain('Information requested.');
  return reference;
}

/** The physician denies line 1 of a new request; its reference. */
async function deniedByPhysician(): Promise<string> {
  const reference = await deciding(physician);
  await physician.submit('Deny line 1', { 'Reason code for line 1': 'The clinical criteria for this service were not met', 'Reason for the decision on line 1': 'No sleep study on file' });
  const sent = await physician.submit('Send decision');
  expect(sent.mainText).toContain('Decision sent.');
  return reference;
}

describe('Request information: what and by when', () => {
  test('the respond-by date is offered (the day before the decision is due), and a date in the past is refused', async () => {
    await deciding(nurse);
    let page = await nurse.submit('Request information');
    expect(page.valueOf('Respond by')).toBe('03/16/2026');
    expect(page.text('#respondBy-hint')).toContain('The decision is due 03/17/2026');
    page = await nurse.submit('Request information', { 'Information needed': 'The sleep study', 'Respond by': '03/09/2026' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message: 'The respond-by date must be today (03/10/2026) or later', href: '#respondBy' }]);
    expect(page.inlineErrors).toEqual(['The respond-by date must be today (03/10/2026) or later']);
    expect(page.text('#informationNeeded')).toBe('The sleep study');
    page = await nurse.submit('Request information', { 'Information needed': 'The sleep study', 'Respond by': '03/20/2026' });
    expect(page.mainText).toContain('The date you gave is after the decision is due');
  });
});

describe('the office answers a request for information', () => {
  test('the office sees what is needed and by when, on Status and on the request page', async () => {
    const reference = await informationRequested();
    const status = await office.visit(`/prior-auth/status?reference=${reference}`);
    expect(status.mainText).toContain('Information requested');
    const page = await office.visit(`/prior-auth/requests/${reference}`);
    expect(page.text('#information-requested')).toContain('The sleep study report and the last office note');
    expect(page.text('#information-requested')).toContain('Respond by 03/14/2026');
    // The plan's reviewer is named by role, never by name.
    expect(page.text('#conversation')).toContain('Clinical reviewer, the plan');
    expect(page.mainText).not.toContain('Nora Nurse');
  });

  test('with an attachment: the message is on both pages, the queue shows "information received", the due time is unchanged', async () => {
    const reference = await informationRequested();
    const dueBefore = (await requestRow(reference)).due_at;
    await office.visit(`/prior-auth/requests/${reference}`);
    const sent = await office.submitWithFiles('Send information', { Message: 'The sleep study is attached.\nAHI 32.' }, [{ name: 'sleep-study.pdf', content: makePdf('Sleep study') }]);
    expect(office.statuses[0]).toBe(303);
    expect(sent.mainText).toContain('Information sent.');
    expect(sent.text('#conversation')).toContain('The sleep study is attached. AHI 32.');
    expect(sent.texts('#conversation .message a')).toEqual(['sleep-study.pdf']);
    expect(sent.texts('#files-uploaded tbody td:first-child')).toEqual(['sleep-study.pdf']);
    expect(sent.text('#lines')).toContain('Pended');
    expect(sent.text('#information-requested')).toBe('');

    const row = await requestRow(reference);
    expect(row.due_at).toBe(dueBefore);
    expect(row.status).toBe('Pended');

    const queue = await nurse.visit('/plan/queue');
    const queued = queue.root.querySelectorAll('tbody tr').find((tr) => tr.text.includes(reference));
    expect(squeezed(queued?.text ?? '')).toContain('Informationreceived');
    const review = await nurse.visit(`/plan/requests/${reference}`);
    expect(review.text('#lines')).toContain('Information received');
    // The conversation, oldest first: the plan's request, then the office's answer with its file.
    expect(review.texts('#conversation .message__meta').map((m) => m.split(':')[0])).toEqual(['Information requested', 'Information sent']);
    expect(review.text('#conversation')).toContain('The sleep study is attached.');
    const link = review.root.querySelector('#conversation .message a')?.getAttribute('href') ?? '';
    const file = await nurse.agent.get(link);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('sleep-study.pdf');
  });

  test('an empty message is refused with the error summary; a long one keeps what was typed', async () => {
    const reference = await informationRequested();
    await office.visit(`/prior-auth/requests/${reference}`);
    let page = await office.submitWithFiles('Send information', { Message: '   ' });
    expect(page.status).toBe(422);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorSummary).toEqual([{ message: 'Enter the message', href: '#message' }]);
    expect(page.inlineErrors).toEqual(['Enter the message']);
    const long = 'x'.repeat(2001);
    page = await office.submitWithFiles('Send information', { Message: long }, [{ name: 'note.pdf', content: makePdf() }]);
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['The message must be 2000 characters or fewer (it has 2001)', 'Attach the files again: they were not kept because the form had a problem']);
    expect(page.text('#message')).toBe(long);
    expect(await t.db('request_messages').where({ author_side: 'office' }).whereIn('request_id', t.db('auth_requests').where({ reference_number: reference }).select('id')).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect((await requestRow(reference)).status).toBe('Information requested');
  });

  test('the same form sent twice (a double click, a replay) records one message', async () => {
    const reference = await informationRequested();
    const page = await office.visit(`/prior-auth/requests/${reference}`);
    const { form, buttonEl } = page.formWithButton('Send information');
    const data = office.formData(form, buttonEl, { Message: 'Sent twice' });
    const send = () => office.agent.post(`/prior-auth/requests/${reference}/messages`).field(data);
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect((await send()).status).toBe(303);
    const { id } = await requestRow(reference);
    expect(await t.db('request_messages').where({ request_id: id, author_side: 'office' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  test("another organization's user gets 404 on the post, and nothing is recorded", async () => {
    const reference = await informationRequested();
    const other = await signedIn(t.app, 'demo.provider2');
    const res = await other.agent.post(`/prior-auth/requests/${reference}/messages`).field({ _csrf: other.csrfToken, formToken: '6f1c1a0e-1111-4222-8333-944445555666', message: 'Not mine' });
    expect(res.status).toBe(404);
    const plan = await nurse.agent.post(`/prior-auth/requests/${reference}/messages`).field({ _csrf: nurse.csrfToken, formToken: '6f1c1a0e-1111-4222-8333-944445555667', message: 'Plan' });
    expect(plan.status).toBe(404);
    const { id } = await requestRow(reference);
    expect(await t.db('request_messages').where({ request_id: id, author_side: 'office' }).count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});

describe('reconsideration', () => {
  test('within the window: accepted; the line goes back to the queue marked "reconsideration", due 7 days from receipt', async () => {
    const reference = await deniedByPhysician();
    now = new Date(NOW.getTime() + 10 * DAY);
    let page = await office.visit(`/prior-auth/requests/${reference}`);
    expect(page.text('#reconsideration')).toContain('ask by 05/09/2026');
    page = await office.submitWithFiles('Ask for reconsideration', { 'Why the decision should be reconsidered': '' }, [], { lines: '1' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message: 'Enter the reason for reconsideration', href: '#reconsiderationMessage' }]);
    expect(page.root.querySelector('#reconsider-line-1')?.hasAttribute('checked')).toBe(true);
    page = await office.submitWithFiles('Ask for reconsideration', { 'Why the decision should be reconsidered': 'The sleep study is attached now.' }, [{ name: 'study.pdf', content: makePdf() }], { lines: '1' });
    expect(page.mainText).toContain('Reconsideration requested for line 1.');
    expect(page.text('#lines')).toContain('Reconsideration');
    expect(page.text('#reconsideration')).toBe('');

    const row = await requestRow(reference);
    expect(row.due_at).toBe(new Date(NOW.getTime() + 17 * DAY).toISOString());
    expect(row.assigned_to).toBeNull();
    const queue = await otherPhysician.visit('/plan/queue');
    const queued = queue.root.querySelectorAll('tbody tr').find((tr) => tr.text.includes(reference));
    expect(queued?.text).toContain('Reconsideration');
    expect(await t.db('reconsiderations').where({ request_id: row.id }).first('contested_outcome', 'outcome')).toEqual({ contested_outcome: 'Denied', outcome: null });
  });

  test('after the window: no button, and a post is refused with the deadline', async () => {
    const reference = await deniedByPhysician();
    await office.visit(`/prior-auth/requests/${reference}`);
    const { form, buttonEl } = office.page.formWithButton('Ask for reconsideration');
    const data = office.formData(form, buttonEl, {});
    now = new Date(NOW.getTime() + 61 * DAY);
    const page = await office.visit(`/prior-auth/requests/${reference}`);
    expect(page.text('#reconsideration')).toContain('the deadline was 05/09/2026');
    expect(() => page.formWithButton('Ask for reconsideration')).toThrow();
    const refused = await office.agent.post(`/prior-auth/requests/${reference}/reconsideration`).field({ ...data, lines: '1', reconsiderationMessage: 'Please' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('The deadline to ask for reconsideration of this request has passed: it was 05/09/2026');
    expect(await t.db('reconsiderations').whereIn('request_id', t.db('auth_requests').where({ reference_number: reference }).select('id')).count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  test('the physician who denied may not decide it, nor a clinical reviewer; another physician approves it and the outcome is recorded', async () => {
    const reference = await deniedByPhysician();
    await office.visit(`/prior-auth/requests/${reference}`);
    await office.submitWithFiles('Ask for reconsideration', { 'Why the decision should be reconsidered': 'Please look again.' }, [], { lines: '1' });

    await physician.visit(`/plan/requests/${reference}`);
    let page = await physician.submit('Assign to me');
    page = await physician.submit('Decide this request');
    expect(page.text('#line-1')).toContain('you made it, so another physician must decide this line');
    page = await physician.submit('Approve line 1');
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['Line 1: A reconsideration is decided by a physician other than the one who made the decision']);

    // The request passes to the nurse, then to another physician.
    const { id } = await requestRow(reference);
    await t.db('auth_requests').where({ id }).update({ assigned_to: (await t.db('users').where({ username: 'demo.nurse' }).first('id')).id });
    await nurse.visit(`/plan/requests/${reference}`);
    page = await nurse.submit('Decide this request');
    page = await nurse.submit('Approve line 1');
    expect(page.errorSummary.map((e) => e.message)).toEqual(['Line 1: Only a physician reviewer may decide a reconsideration']);

    await t.db('auth_requests').where({ id }).update({ assigned_to: null });
    await otherPhysician.visit(`/plan/requests/${reference}`);
    await otherPhysician.submit('Assign to me');
    await otherPhysician.submit('Decide this request');
    await otherPhysician.submit('Approve line 1');
    page = await otherPhysician.submit('Send decision');
    expect(page.mainText).toContain('Decision sent.');
    const second = await t.db('users').where({ username: 'demo.physician2' }).first('id');
    expect(await t.db('reconsiderations').where({ request_id: id }).first('contested_outcome', 'outcome', 'decided_by')).toEqual({ contested_outcome: 'Denied', outcome: 'Approved', decided_by: second.id });
    expect((await requestRow(reference)).status).toBe('Approved');
    const detail = await office.visit(`/prior-auth/requests/${reference}`);
    expect(detail.text('#lines')).toContain('Approved');
    expect(detail.text('#lines')).not.toContain('Reconsideration');
  });

  test("the window is the plan's setting: the request page, the letter and a late post all follow it; the approval after appeal is counted in the metrics", async () => {
    const planAdmin = await t.db('users').where({ username: 'demo.planadmin' }).first('id');
    const before = await readPlanSettings(t.db);
    await savePlanSettings(t.db, { ...before, reconsiderationDays: 10 }, planAdmin.id, NOW);
    try {
      const reference = await deniedByPhysician();
      let page = await office.visit(`/prior-auth/requests/${reference}`);
      expect(page.text('#reconsideration')).toContain('03/20/2026');
      const letterHref = page.root.querySelectorAll('#letters a').find((a) => a.text.trim().startsWith('Decision letter'))?.getAttribute('href') ?? '';
      const letter = await office.visit(letterHref);
      expect(letter.mainText).toContain('03/20/2026');
      expect(letter.mainText).not.toContain('05/09/2026');

      // Eleven days on, the window of 10 has closed.
      const { form, buttonEl } = page.formWithButton('Ask for reconsideration');
      const data = office.formData(form, buttonEl, {});
      now = new Date(NOW.getTime() + 11 * DAY);
      const refused = await office.agent.post(`/prior-auth/requests/${reference}/reconsideration`).field({ ...data, lines: '1', reconsiderationMessage: 'Please' });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('it was 03/20/2026');

      // Within it, asked and approved by another physician: an approval after appeal.
      now = NOW;
      const metricsBefore = await office.visit('/prior-authorization/metrics?year=2026');
      const appealRow = (p: typeof page) => Number.parseFloat(p.root.querySelectorAll('tbody tr').find((tr) => tr.text.includes('Approved after appeal'))?.querySelectorAll('td')[1]?.text ?? 'NaN');
      const appealBefore = appealRow(metricsBefore);
      expect(appealBefore).toBeGreaterThanOrEqual(0);
      page = await office.visit(`/prior-auth/requests/${reference}`);
      await office.submitWithFiles('Ask for reconsideration', { 'Why the decision should be reconsidered': 'Please look again.' }, [], { lines: '1' });
      await otherPhysician.visit(`/plan/requests/${reference}`);
      await otherPhysician.submit('Assign to me');
      await otherPhysician.submit('Decide this request');
      await otherPhysician.submit('Approve line 1');
      expect((await otherPhysician.submit('Send decision')).mainText).toContain('Decision sent.');
      const metricsAfter = await office.visit('/prior-authorization/metrics?year=2026');
      // The request, already counted as decided (denied), is now approved after appeal: the percentage grows.
      expect(appealRow(metricsAfter)).toBeGreaterThan(appealBefore);
    } finally {
      await savePlanSettings(t.db, before, planAdmin.id, NOW);
    }
  });

  test('extending the review of a reconsideration moves its own due time (from its receipt), not the first one', async () => {
    const reference = await deniedByPhysician();
    now = new Date(NOW.getTime() + 3 * DAY);
    await office.visit(`/prior-auth/requests/${reference}`);
    await office.submitWithFiles('Ask for reconsideration', { 'Why the decision should be reconsidered': 'Please look again.' }, [], { lines: '1' });
    await otherPhysician.visit(`/plan/requests/${reference}`);
    await otherPhysician.submit('Assign to me');
    await otherPhysician.submit('Decide this request');
    await otherPhysician.submit('Extend review');
    await otherPhysician.submit('Extend review', { 'Extension in days': '2', 'Reason for the extension': 'Waiting for the sleep study' });
    expect((await requestRow(reference)).due_at).toBe(new Date(NOW.getTime() + 12 * DAY).toISOString());
  });
});
