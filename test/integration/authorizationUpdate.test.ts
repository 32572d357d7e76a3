import fs from 'node:fs';
import path from 'node:path';
import { Browser, signedIn } from '../helpers/browser';
import { documentClinical } from '../helpers/journey';
import { decideEveryLine, TWO_LINES } from '../helpers/planRequests';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertDemoRequest, type DemoRequest } from '../../src/seed/demoRequests';
import { recordLineDecisions } from '../../src/db/repositories/lineDecisions';
import { withdrawLines } from '../../src/db/repositories/withdrawals';
import { submitAuthorizationUpdate } from '../../src/services/authorizationUpdate';
import { insertMember } from '../../src/db/repositories/members';
import { registeredClient, testKey } from '../helpers/apiClients';
import { replaceRuleSet } from '../../src/db/repositories/coverageRules';
import { parseRuleSet, type RuleSet } from '../../src/domain/ruleSet';

/** Issue 14, "Update or extend": a new version of the same authorization, on the journey engine. */
const NOW = new Date('2026-09-20T15:00:00.000Z');
let t: TestApp;
let office: Browser;
let otherOffice: Browser;
let nurse: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  office = await signedIn(t.app, 'demo.provider');
  otherOffice = await signedIn(t.app, 'demo.provider2');
  nurse = await signedIn(t.app, 'demo.nurse');
});
afterAll(async () => t.close());

const THERAPY: DemoRequest = {
  office: 'demo.provider', memberId: '5634024', categoryId: 'therapy', providerNpi: '1678901236', diagnosis: 'M54.50',
  lines: [{ code: '97110', system: 'CPT', units: 25 }], priority: 'standard', hoursAgo: 10,
};

/** A request as the office submitted it, its lines for October to December 2026 (the demo request is for one day). */
async function submitted(d: DemoRequest = THERAPY): Promise<string> {
  const reference = await insertDemoRequest(t.db, d, NOW);
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  await t.db('auth_requests').where({ id: request.id }).update({ start_date: '2026-10-01', end_date: '2026-12-31' });
  await t.db('request_lines').where({ request_id: request.id }).update({ from_date: '2026-10-01', to_date: '2026-12-31' });
  return reference;
}

/** demo.nurse's decision on one line (the desk itself is tested in planDecision). */
async function decideLine(reference: string, lineNumber: number, outcome: 'Approved' | 'Denied'): Promise<void> {
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  const line = await t.db('request_lines').where({ request_id: request.id, line_number: lineNumber }).first();
  const nurseRow = await t.db('users').where({ username: 'demo.nurse' }).first('id');
  const approved = outcome === 'Approved';
  const result = await recordLineDecisions(t.db, [{
    seen: line.decision_count,
    decision: {
      requestId: request.id, lineId: line.id, outcome, authorizedUnits: approved ? line.units : null, authorizedFrom: approved ? line.from_date : null, authorizedTo: approved ? line.to_date : null,
      certificationNumber: null, reasonCode: approved ? null : 'not-covered', reasonText: approved ? null : 'Not a benefit', decidedBy: nurseRow.id, decidedByRole: 'clinical_reviewer', rulesVersion: null, decidedAt: NOW.toISOString(),
    },
  }]);
  expect(result).toBe('recorded');
}

/** The request's first line as a page showed it (its decision count and status), to withdraw later. */
async function seenLine(reference: string) {
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  const line = await t.db('request_lines').where({ request_id: request.id }).first('id', 'decision_count', 'status');
  return { requestId: request.id as number, line };
}

/** demo.provider withdraws that line, against what was seen. */
async function withdraw(seen: Awaited<ReturnType<typeof seenLine>>) {
  const user = await t.db('users').where({ username: 'demo.provider' }).first('id');
  return withdrawLines(t.db, { requestId: seen.requestId, userId: user.id, note: 'Withdrawn', at: NOW.toISOString() }, [{ lineId: seen.line.id, seenDecisions: seen.line.decision_count, seenStatus: seen.line.status }]);
}

async function startUpdate(b: Browser, reference: string) {
  await b.visit(`/prior-auth/requests/${reference}/update`);
  return b.submit('Update or extend');
}

const versionsOf = async (reference: string) => {
  const { authorization_number: number } = await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number');
  return t.db('auth_requests').where({ authorization_number: number }).orderBy('version').select('reference_number', 'version', 'superseded_by', 'previous_request_id', 'id');
};

test('done when: a 97110 line for 25 units is updated to 30 units and extended three months; the update pends; two versions; the authorization number finds the second', async () => {
  const reference = await submitted();
  const detail = await office.visit(`/prior-auth/requests/${reference}`);
  const link = detail.root.querySelectorAll('#request-actions a').find((a) => a.text.trim() === 'Update or extend');
  expect(link?.getAttribute('href')).toBe(`/prior-auth/requests/${reference}/update`);

  const start = await office.visit(link?.getAttribute('href') ?? '');
  expect(start.h1).toBe(`Update or extend request ${reference}`);
  let page = await office.submit('Update or extend');
  expect(office.statuses[0]).toBe(303);
  expect(page.url).toMatch(/^\/prior-auth\/updates\/[0-9a-f-]{36}\/lines$/);
  expect(page.valueOf('Units for line 1 (the new total)')).toBe('25');
  expect(page.valueOf('End date for line 1')).toBe('12/31/2026');
  expect(await t.db('audit_log').where({ action: 'authorization-update-started', reference_number: reference }).first()).toBeDefined();

  page = await office.submit('Continue', { 'Units for line 1 (the new total)': '30', 'End date for line 1': '03/31/2027' });
  expect(page.url).toMatch(/\/add-lines$/);
  page = await office.submit('Continue');
  expect(page.url).toMatch(/\/review$/);
  expect(page.text('#changes')).toContain('Line 1 (97110)');
  expect(page.text('#changes')).toContain('units 25 -> 30; end date 12/31/2026 -> 03/31/2027');
  const reviewUrl = page.url;

  page = await office.submit('Submit update');
  expect(page.h1).toBe('Your update has been submitted');
  const versions = await versionsOf(reference);
  expect(versions.map((v) => v.version)).toEqual([1, 2]);
  const second = versions[1]?.reference_number as string;
  expect(second).not.toBe(reference);
  expect(versions[1]?.previous_request_id).toBe(versions[0]?.id);
  expect(versions[0]?.superseded_by).toBe(versions[1]?.id);
  expect(page.text('#lines tbody')).toContain('Pended');
  expect(page.text('#lines tbody')).toContain('03/31/2027');
  expect(page.text('#versions')).toContain('Version 2 of 2');
  expect(page.text('#versions')).toContain('Line 1 (97110): units 25 -> 30; end date 12/31/2026 -> 03/31/2027');
  expect(page.root.querySelector(`#versions a[href="/prior-auth/requests/${reference}"]`)).not.toBeNull();
  expect(await t.db('audit_log').where({ action: 'authorization-update-submitted', reference_number: second }).first()).toBeDefined();

  // Submitting again (a double click, Back then Submit) makes no third version.
  await office.post(reviewUrl, { _csrf: office.csrfToken, action: 'submit' });
  expect(office.page.url).toBe(`/prior-auth/requests/${second}`);
  expect(await versionsOf(reference)).toHaveLength(2);

  // The first version is kept as it was, says it was replaced, and offers no update or withdrawal.
  const first = await office.visit(`/prior-auth/requests/${reference}`);
  expect(first.text('#versions')).toContain('Version 1 of 2');
  expect(first.root.querySelector(`#versions a[href="/prior-auth/requests/${second}"]`)).not.toBeNull();
  expect(first.texts('#request-actions a')).toEqual(['Copy to a new request']);

  // The authorization number finds the current version; each reference number finds its own.
  const { authorization_number: number } = await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number');
  const found = await office.visit(`/prior-auth/status?reference=${number}`);
  expect(found.texts('#submissions tbody tr td:first-child')).toEqual([second]);
  expect(found.root.querySelector('#submissions tbody a')?.getAttribute('href')).toBe(`/prior-auth/requests/${second}`);
  expect((await office.visit(`/prior-auth/status?reference=${reference}`)).texts('#submissions tbody tr td:first-child')).toEqual([reference]);

  // The plan's queue has the new version, marked as an update, and not the old one; its review page shows the changes.
  const queue = await nurse.visit('/plan/queue');
  expect(queue.mainText).toContain(second);
  expect(queue.mainText).not.toContain(reference);
  expect(queue.mainText).toContain('Update: version 2');
  const review = await nurse.visit(`/plan/requests/${second}`);
  expect(review.text('#versions')).toContain('units 25 -> 30; end date 12/31/2026 -> 03/31/2027');
});

test('a line is added with the request\'s own code look-up, and another cancelled; the rules run again on what changed', async () => {
  const reference = await submitted({ ...THERAPY, memberId: '5634026', lines: [{ code: '97110', system: 'CPT', units: 10 }, { code: '95810', system: 'CPT', units: 1 }] });
  await decideLine(reference, 1, 'Approved');
  let page = await startUpdate(office, reference);
  // "Cancel line 2" is a checkbox: posted as a browser sends it when ticked.
  page = await office.post(page.url, { _csrf: office.csrfToken, 'units-1': '12', 'toDate-1': '12/31/2026', 'units-2': '1', 'toDate-2': '12/31/2026', 'cancel-2': 'yes', action: 'continue' });
  expect(page.url).toMatch(/\/add-lines$/);
  page = await office.submit('Add line', { 'Procedure code': '97110', Units: '2' });
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toBe('97110 is already on this request: change that line\'s units instead');
  page = await office.submit('Add line', { 'Procedure code': '99999', Units: '2' });
  expect(page.errorSummary[0]?.message).toBe('99999 is not a CPT or HCPCS procedure code. Check the code, or search by words of its description');
  page = await office.submit('Add line', { 'Procedure code': '99213', Units: '' });
  expect(page.errorSummary[0]?.message).toBe('Enter the number of units requested, from 1 to 9999');
  page = await office.submit('Add line', { 'Procedure code': '99213', Units: '2' });
  expect(page.text('#added-lines')).toContain('99213, 2 units');
  page = await office.submit('Continue');
  expect(page.text('#changes')).toContain('units 10 -> 12');
  expect(page.text('#changes')).toContain('cancelled');
  expect(page.text('#changes')).toContain('new line, 2 units');
  page = await office.submit('Submit update');
  const rows = page.root.querySelectorAll('#lines tbody tr').map((r) => r.querySelectorAll('td').map((c) => c.text.trim()));
  // 12 units are within the limit of 20: no authorization needed; 95810 cancelled; 99213 needs none.
  expect(rows.map((r) => [r[0], r[1]?.slice(0, 5), r[8]])).toEqual([['1', '97110', 'No authorization required'], ['2', '95810', 'Cancelled'], ['3', '99213', 'No authorization required']]);
});

test('nothing changed: the update is not sent', async () => {
  const reference = await submitted({ ...THERAPY, memberId: '5634026' });
  await startUpdate(office, reference);
  await office.submit('Continue');
  await office.submit('Continue');
  const page = await office.submit('Submit update');
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ message: 'Change at least one line, or add one, before you submit the update', href: '#changes' }]);
  expect(await versionsOf(reference)).toHaveLength(1);
});

test('refused: a denied line (with the way to copy it), its change posted anyway, and a request whose every line is denied', async () => {
  const reference = await submitted(TWO_LINES);
  await decideLine(reference, 2, 'Denied');
  let page = await startUpdate(office, reference);
  expect(page.text('#line-2')).toContain('A denied line cannot be updated: copy it to a new request');
  expect(page.root.querySelector('#line-2 a')?.getAttribute('href')).toBe(`/prior-auth/requests/${reference}/copy`);
  page = await office.post(page.url, { _csrf: office.csrfToken, 'units-1': '3', 'toDate-1': '12/31/2026', 'units-2': '5', action: 'continue' });
  expect(page.status).toBe(422);
  expect(page.errorSummary).toEqual([{ message: 'Line 2 (K0001): A denied line cannot be updated: copy it to a new request', href: '#units-2' }]);

  const denied = await submitted(TWO_LINES);
  await decideEveryLine(t.db, denied, 'Denied', NOW);
  expect((await office.visit(`/prior-auth/requests/${denied}`)).texts('#request-actions a')).not.toContain('Update or extend');
  page = await office.visit(`/prior-auth/requests/${denied}/update`);
  expect(page.mainText).toContain('A denied line cannot be updated: copy it to a new request');
  expect(page.root.querySelectorAll('button').map((b) => b.text.trim())).not.toContain('Update or extend');
  const posted = await office.post(`/prior-auth/requests/${denied}/update`, { _csrf: office.csrfToken });
  expect(posted.status).toBe(409);
  expect(posted.errorSummary[0]?.message).toBe('A denied line cannot be updated: copy it to a new request');
  expect(await t.db('journeys').where({ kind: 'authorization-update' }).whereRaw('answers like ?', [`%${denied}%`]).first()).toBeUndefined();
});

test('refused: a cancelled request', async () => {
  const reference = await submitted();
  await withdraw(await seenLine(reference));
  expect((await office.visit(`/prior-auth/requests/${reference}`)).texts('#request-actions a')).not.toContain('Update or extend');
  const page = await office.post(`/prior-auth/requests/${reference}/update`, { _csrf: office.csrfToken });
  expect(page.status).toBe(409);
  expect(page.errorSummary[0]?.message).toBe('This request is cancelled, so it cannot be updated: copy it to a new request');
});

test("refused: another organization's request is not found, nor its update in progress", async () => {
  const reference = await submitted();
  expect((await otherOffice.visit(`/prior-auth/requests/${reference}/update`)).status).toBe(404);
  await otherOffice.visit('/prior-auth');
  expect((await otherOffice.post(`/prior-auth/requests/${reference}/update`, { _csrf: otherOffice.csrfToken })).status).toBe(404);
  const started = await startUpdate(office, reference);
  expect((await otherOffice.visit(started.url)).status).toBe(404);
  expect((await submitAuthorizationUpdate(t.db, {
    organizationId: (await t.db('users').where({ username: 'demo.provider2' }).first('organization_id')).organization_id,
    reference, seen: { 1: 1 }, changes: { 1: { units: 30 } }, added: [], submissionKey: 'api-claim-update-1', submitter: { apiClientId: 1 }, now: NOW,
  })).kind).toBe('not-found');
});

test('race: the plan decides the line after the update started and before it is sent; the plan wins and the office is told', async () => {
  const reference = await submitted();
  let page = await startUpdate(office, reference);
  page = await office.submit('Continue', { 'Units for line 1 (the new total)': '30' });
  page = await office.submit('Continue');
  await decideEveryLine(t.db, reference, 'Approved', NOW);
  page = await office.submit('Submit update');
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toBe("The plan decided line 1 of this request while you were updating it, so your update was not sent. The request now shows the plan's decision: start the update again if it is still needed.");
  expect(await versionsOf(reference)).toHaveLength(1);
  expect(await t.db('auth_requests').where({ reference_number: reference }).first('superseded_by')).toEqual({ superseded_by: null });
});

test('race: the office updates the line after a reviewer started deciding it; the update wins, nothing of the decision is recorded, and the reviewer is told', async () => {
  const reference = await submitted();
  await nurse.visit(`/plan/requests/${reference}`);
  await nurse.submit('Assign to me');
  const deciding = await nurse.submit('Decide this request');
  await nurse.submit('Approve line 1');

  let page = await startUpdate(office, reference);
  page = await office.submit('Continue', { 'Units for line 1 (the new total)': '30' });
  page = await office.submit('Continue');
  page = await office.submit('Submit update');
  expect(page.h1).toBe('Your update has been submitted');

  await nurse.visit(deciding.url);
  const sent = await nurse.submit('Send decision');
  expect(sent.status).toBe(422);
  expect(sent.mainText).toContain('The office updated this request (a new version of the authorization) while you were deciding it, so your decision was not sent.');
  const old = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  expect(await t.db('line_decisions').where({ request_id: old.id }).whereNot({ decided_by_role: 'coverage-rules' }).first()).toBeUndefined();
  expect(await versionsOf(reference)).toHaveLength(2);
});

test('race: a withdrawal prepared on the old version after the update is refused by the same compare-and-set', async () => {
  const reference = await submitted();
  const seen = await seenLine(reference);
  const { line } = seen;
  const user = await t.db('users').where({ username: 'demo.provider' }).first('id');
  const organizationId = (await t.db('users').where({ username: 'demo.provider' }).first('organization_id')).organization_id;
  const update = await submitAuthorizationUpdate(t.db, { organizationId, reference, seen: { 1: line.decision_count }, changes: { 1: { units: 30 } }, added: [], submissionKey: 'api-claim-update-2', submitter: { userId: user.id }, now: NOW });
  expect(update.kind).toBe('submitted');
  expect(await withdraw(seen)).toEqual({ kind: 'changed' });
  // The same update sent again (the API's retry) is the same version.
  expect(await submitAuthorizationUpdate(t.db, { organizationId, reference, seen: { 1: line.decision_count }, changes: { 1: { units: 30 } }, added: [], submissionKey: 'api-claim-update-2', submitter: { userId: user.id }, now: NOW })).toEqual(update);
});

test('race: a colleague withdraws the line after the update started; the withdrawal wins and the office is told', async () => {
  const reference = await submitted();
  let page = await startUpdate(office, reference);
  page = await office.submit('Continue', { 'Units for line 1 (the new total)': '30' });
  page = await office.submit('Continue');
  expect((await withdraw(await seenLine(reference))).kind).toBe('withdrawn');
  page = await office.submit('Submit update');
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toBe('Line 1 of this request was withdrawn while you were updating it, so your update was not sent. Look at the request again, then start the update again if it is still needed.');
  expect(await versionsOf(reference)).toHaveLength(1);
});

test('a version replaced by an update is kept as it was: no decision, no withdrawal is recorded on it, and the plan cannot start deciding it', async () => {
  const reference = await submitted();
  await nurse.visit(`/plan/requests/${reference}`);
  await nurse.submit('Assign to me');
  let page = await startUpdate(office, reference);
  page = await office.submit('Continue', { 'Units for line 1 (the new total)': '30' });
  page = await office.submit('Continue');
  await office.submit('Submit update');
  // The line's counts moved on with the update; a decision sent against the new counts is refused too.
  await expect(decideEveryLine(t.db, reference, 'Approved', NOW)).rejects.toThrow('was not recorded: changed');
  const seen = await seenLine(reference);
  const { line } = seen;
  expect(await withdraw(seen)).toEqual({ kind: 'changed' });
  const review = await nurse.visit(`/plan/requests/${reference}`);
  expect(review.root.querySelectorAll('button').map((b) => b.text.trim())).not.toContain('Decide this request');
  expect(review.text('#versions')).toContain('Version 1 of 2');
  // The office's withdraw page, sent for the old version, says why nothing was withdrawn.
  await office.visit(`/prior-auth/requests/${reference}/withdraw`);
  const withdrawn = await office.post(`/prior-auth/requests/${reference}/withdraw`, { _csrf: office.csrfToken, lines: '1', reason: 'no-longer-needed', 'seen-1': `${line.decision_count}:${line.status}` });
  expect(withdrawn.status).toBe(409);
  expect(withdrawn.errorSummary[0]?.message).toBe('This request was updated (a new version of the authorization) while you were withdrawing it, so nothing was withdrawn. Withdraw from its current version: the request page links to it.');
});

test('submitAuthorizationUpdate serves another caller too: an API client of the organization as submitter, once per submission key', async () => {
  const reference = await submitted({ ...THERAPY, memberId: '5634026' });
  const user = await t.db('users').where({ username: 'demo.provider' }).first('id', 'organization_id');
  const client = await registeredClient(t.db, user.organization_id, await testKey('ES384'), user.id);
  const update = { organizationId: user.organization_id, reference, seen: { 1: 1 }, changes: { 1: { toDate: '2027-03-31' } }, added: [], submissionKey: 'api-claim-update-3', submitter: { apiClientId: client.id }, now: NOW };
  const result = await submitAuthorizationUpdate(t.db, update);
  expect(result.kind).toBe('submitted');
  const second = result.kind === 'submitted' ? result.referenceNumber : '';
  expect(await t.db('auth_requests').where({ reference_number: second }).first('submitted_by', 'api_client_id', 'version', 'version_changes')).toEqual({
    submitted_by: null, api_client_id: client.id, version: 2, version_changes: JSON.stringify(['Line 1 (97110): end date 12/31/2026 -> 03/31/2027']),
  });
  expect(await submitAuthorizationUpdate(t.db, update)).toEqual(result);
  // Updating the replaced version again is refused plainly: the current one is where to start.
  expect(await submitAuthorizationUpdate(t.db, { ...update, submissionKey: 'api-claim-update-4' })).toEqual({ kind: 'changed', message: 'This request was updated by someone else while you were updating it, so your update was not sent. Open the current version of the request and start the update again from it.' });
  const page = await office.visit(`/prior-auth/requests/${second}`);
  expect(page.text('#versions')).toContain('Version 2 of 2');
});

test('an update in progress is listed among the requests in progress (Prior Authorization and home pages), with Resume and Discard like the others', async () => {
  const reference = await submitted();
  let page = await startUpdate(office, reference);
  const journeyId = page.url.split('/')[3] ?? '';
  const { authorization_number: number } = await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number');
  page = await office.submit('Continue', { 'Units for line 1 (the new total)': '30' });
  expect(page.url).toMatch(/\/add-lines$/);
  const cells = (listed: typeof page) => listed.root.querySelectorAll('#in-progress tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim())).find((r) => r[0] === `Update of ${reference}`);
  for (const path of ['/prior-auth', '/']) {
    const list = await office.visit(path);
    const row = cells(list);
    expect(row?.[1]).toBe('Dino Saur (member ID 5634024)');
    expect(row?.[2]).toBe(`Authorization ${number}, 1 line changed or added`);
    // The journey's own clock (when it was last saved, and 30 days after that), as for every journey listed.
    expect(row?.[3]).toMatch(/^\d\d\/\d\d\/\d{4} \d{1,2}:\d\d [AP]M$/);
    expect(row?.[4]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    const links = list.root.querySelectorAll('#in-progress a').filter((a) => a.text.includes(`update of ${reference}`));
    expect(links.map((a) => [a.text.split(' ')[0], a.getAttribute('href')])).toEqual([
      ['Resume', `/prior-auth/updates/${journeyId}/add-lines`],
      ['Discard', `/prior-auth/updates/${journeyId}/cancel`],
    ]);
  }
  const confirm = await office.visit(`/prior-auth/updates/${journeyId}/cancel`);
  expect(confirm.h1).toBe('Cancel this update?');
  const done = await office.submit('Yes, cancel the update');
  expect(done.text('.notice--success')).toBe('The update was cancelled. Nothing was sent to the plan.');
  expect(cells(await office.visit('/prior-auth'))).toBeUndefined();
});

test("an extended end date is checked against the member's eligibility, on the lines page and when the update is sent", async () => {
  await insertMember(t.db, { memberId: '5634090', medicaidId: null, firstName: 'Ada', lastName: 'Ends', dateOfBirth: '1980-01-01', gender: 'Female', eligibility: [{ planName: 'Demo Medicaid', startDate: '2020-01-01', endDate: '2027-01-31' }] });
  const reference = await submitted({ ...THERAPY, memberId: '5634090' });
  await startUpdate(office, reference);
  let page = await office.submit('Continue', { 'End date for line 1': '03/31/2027' });
  expect(page.status).toBe(422);
  const message = 'Line 1 (97110): Ada Ends is eligible until 01/31/2027: the end date must be on or before that date';
  expect(page.errorSummary).toEqual([{ message, href: '#toDate-1' }]);
  expect(page.text('#toDate-1-error')).toContain(message);
  expect(page.valueOf('End date for line 1')).toBe('03/31/2027');
  page = await office.submit('Continue', { 'End date for line 1': '01/31/2027' });
  expect(page.url).toMatch(/\/add-lines$/);

  // The same rule when the update comes another way (the API's Claim update): nothing is stored.
  const user = await t.db('users').where({ username: 'demo.provider' }).first('id', 'organization_id');
  expect(await submitAuthorizationUpdate(t.db, {
    organizationId: user.organization_id, reference, seen: { 1: 1 }, changes: { 1: { toDate: '2027-03-31' } }, added: [], submissionKey: 'api-claim-update-5', submitter: { userId: user.id }, now: NOW,
  })).toEqual({ kind: 'refused', problems: [{ field: 'toDate-1', message }] });
  expect(await versionsOf(reference)).toHaveLength(1);
});

test("a letter belongs to the version whose decision it records: the new version lists only its own, and says where the earlier ones are", async () => {
  const reference = await submitted(TWO_LINES);
  await decideEveryLine(t.db, reference, 'Approved', NOW);
  const first = await office.visit(`/prior-auth/requests/${reference}`);
  const firstLetters = first.root.querySelectorAll('#letters a').map((a) => a.getAttribute('href') ?? '').filter((h) => /\/letters\/\d+$/.test(h));
  expect(firstLetters.length).toBeGreaterThan(0);

  // Line 2's units change; line 1 is left as the physician approved it.
  await startUpdate(office, reference);
  await office.submit('Continue', { 'Units for line 2 (the new total)': '2' });
  await office.submit('Continue');
  const second = await office.submit('Submit update');
  expect(second.errorSummary).toEqual([]);
  expect(second.h1).toBe('Your update has been submitted');
  const secondReference = second.url.split('/')[3] ?? '';
  const page = await office.visit(`/prior-auth/requests/${secondReference}`);
  expect(page.text('#lines tbody')).toContain('Approved');
  const own = page.root.querySelectorAll('#letters a').map((a) => a.getAttribute('href') ?? '').filter((h) => /\/letters\/\d+$/.test(h));
  for (const href of own) expect(href.startsWith(`/prior-auth/requests/${secondReference}/`)).toBe(true);
  expect(page.text('#letters')).not.toContain('physician');
  expect(page.text(`#earlier-letters-${reference}`)).toContain('version 1');
  expect(page.root.querySelector(`#earlier-letters-${reference} a`)?.getAttribute('href')).toBe(`/prior-auth/requests/${reference}#letters`);
  // The approval's letter opens on version 1 only, as it did before the update.
  const carried = await t.db('line_decisions').where({ request_id: (await t.db('auth_requests').where({ reference_number: secondReference }).first('id')).id }).whereNotNull('carried_from_id').select('id');
  expect(carried).toHaveLength(1);
  expect((await office.visit(`/prior-auth/requests/${secondReference}/letters/${carried[0]?.id}`)).status).toBe(404);
  expect((await office.visit(firstLetters[0] ?? '')).status).toBe(200);
  expect((await office.visit(`/prior-auth/requests/${reference}`)).root.querySelectorAll('#letters a').map((a) => a.getAttribute('href'))).toEqual(expect.arrayContaining(firstLetters));
});

test("a new line whose code asks clinical questions is documented in the update with the wizard's Document Clinical step", async () => {
  const reference = await submitted({ ...TWO_LINES, memberId: '5634026', lines: [{ code: 'K0001', system: 'HCPCS', units: 1 }] });
  let page = await startUpdate(office, reference);
  page = await office.submit('Continue');
  page = await office.submit('Add line', { 'Procedure code': 'E0601', Units: '1' });
  page = await office.submit('Continue');
  expect(page.url).toMatch(/\/review$/);
  const reviewUrl = page.url;
  expect(page.text('#line-2')).toContain('Not answered yet');
  page = await office.submit('Submit update');
  expect(page.status).toBe(422);
  expect(page.errorSummary[0]?.message).toBe('Answer the clinical questions for line 2 (E0601) with Document Clinical before you submit the update');
  expect(await versionsOf(reference)).toHaveLength(1);

  const questions = await office.visit(page.root.querySelector('#line-2 a')?.getAttribute('href') ?? '');
  expect(questions.url).toMatch(/^\/prior-auth\/updates\/[0-9a-f-]{36}\/document-clinical\/2$/);
  expect(questions.h1).toMatch(/^Document Clinical: /);
  // A post without answers is refused like the wizard's, with the answers asked for.
  const empty = await office.submit('Continue');
  expect(empty.status).toBe(422);
  expect(empty.errorSummary.length).toBeGreaterThan(0);
  await office.visit(reviewUrl);
  page = await documentClinical(office, '2', 'Yes');
  expect(page.url).toMatch(/\/review$/);
  expect(page.text('#line-2')).toContain('Answered: the criteria are met');
  expect(page.text('#line-2 a')).toContain('Change clinical answers');

  page = await office.submit('Submit update');
  expect(page.h1).toBe('Your update has been submitted');
  const rows = page.root.querySelectorAll('#lines tbody tr').map((r) => r.querySelectorAll('td').map((c) => c.text.trim()));
  expect(rows.map((r) => [r[0], r[1]?.slice(0, 5)])).toEqual([['1', 'K0001'], ['2', 'E0601']]);
  expect(page.mainText).toContain('Line 2 (E0601)');
  const second = (await versionsOf(reference))[1];
  const line = await t.db('request_lines').where({ request_id: second?.id, line_number: 2 }).first('id', 'status');
  expect(line.status).toBe('Approved');
  expect(await t.db('questionnaire_responses').where({ request_line_id: line.id }).first('criteria_met')).toEqual({ criteria_met: expect.anything() });
});

/**
 * The demo's rules, except that 97110 in therapy asks a questionnaire (a new rules version): a line
 * requested before, under the 20-unit limit, needed no questions; changed now, its rule asks them.
 */
async function withTherapyQuestions(run: () => Promise<void>): Promise<void> {
  const demo = parseRuleSet(JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/seed/data/coverage-rules.json'), 'utf8')));
  const asking: RuleSet = {
    ...demo,
    version: `${demo.version}-therapy-questions`,
    questionnaires: [...demo.questionnaires, {
      id: 'therapy-necessity', title: 'Physical therapy beyond the visit limit',
      items: [{ linkId: 'plan-of-care', text: 'Is there a signed plan of care?', type: 'boolean', required: true }, { linkId: 'progress', text: 'Is the member making measurable progress?', type: 'boolean', required: true }],
      criteria: { all: [{ question: 'plan-of-care', equals: true }, { question: 'progress', equals: true }] },
    }],
    rules: [{ id: 'physical-therapy-necessity', description: 'Therapy asks its questions', codes: ['97110'], careSetting: 'outpatient', categories: ['therapy'], requirement: 'questionnaire', questionnaire: 'therapy-necessity' }, ...demo.rules],
  };
  await replaceRuleSet(t.db, asking);
  try {
    await run();
  } finally {
    await replaceRuleSet(t.db, demo);
  }
}

test('a changed line whose rule now asks clinical questions is documented in the update with Document Clinical, as an added line; its answers are stored with the new version\'s line', async () => {
  // Requested for 10 units, under the demo's 20-unit limit: no authorization required, no questions asked.
  const reference = await submitted({ ...THERAPY, memberId: '5634026', lines: [{ code: '97110', system: 'CPT', units: 10 }] });
  const first = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  await t.db('request_lines').where({ request_id: first.id }).update({ status: 'No authorization required', rule_id: 'physical-therapy-visit-limit' });

  await withTherapyQuestions(async () => {
    await startUpdate(office, reference);
    await office.submit('Continue', { 'Units for line 1 (the new total)': '30' });
    let page = await office.submit('Continue');
    expect(page.url).toMatch(/\/review$/);
    const reviewUrl = page.url;
    expect(page.text('#line-1')).toContain('Line 1 (97110): Physical therapy beyond the visit limit');
    expect(page.text('#line-1')).toContain('Not answered yet');
    expect(page.root.querySelector('#line-1 a')?.getAttribute('href')).toMatch(/^\/prior-auth\/updates\/[0-9a-f-]{36}\/document-clinical\/1$/);

    // Submitting without the answers is refused with the added line's words, and nothing typed is lost.
    page = await office.submit('Submit update');
    expect(page.status).toBe(422);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['Answer the clinical questions for line 1 (97110) with Document Clinical before you submit the update']);
    expect(page.text('#changes')).toContain('units 10 -> 30');
    expect(await versionsOf(reference)).toHaveLength(1);

    await office.visit(reviewUrl);
    const questions = await office.visit(page.root.querySelector('#line-1 a')?.getAttribute('href') ?? '');
    expect(questions.h1).toBe('Document Clinical: Physical therapy beyond the visit limit');
    await office.visit(reviewUrl);
    page = await documentClinical(office, '1', 'Yes');
    expect(page.url).toMatch(/\/review$/);
    expect(page.text('#line-1')).toContain('Answered: the criteria are met');
    expect(page.text('#changes')).toContain('units 10 -> 30');

    page = await office.submit('Submit update');
    expect(page.errorSummary).toEqual([]);
    expect(page.h1).toBe('Your update has been submitted');
    expect(page.text('#versions')).toContain('Version 2 of 2');
    expect(page.text('#versions')).toContain('Line 1 (97110): units 10 -> 30');
    // Criteria met: the rule approves the line, as it would an added one.
    const row = page.root.querySelectorAll('#lines tbody tr').map((r) => r.querySelectorAll('td').map((c) => c.text.trim()))[0] ?? [];
    expect(row[0]).toBe('1');
    expect(row.join(' ')).toContain('Approved');
    expect(page.text('#clinical-answers')).toContain('Physical therapy beyond the visit limit');
    expect(page.text('#clinical-answers')).toContain('Is there a signed plan of care?');

    const second = (await versionsOf(reference))[1];
    const line = await t.db('request_lines').where({ request_id: second?.id, line_number: 1 }).first('id', 'status', 'units', 'rule_id');
    expect(line).toMatchObject({ status: 'Approved', units: 30, rule_id: 'physical-therapy-necessity' });
    const stored = await t.db('questionnaire_responses').where({ request_line_id: line.id }).select('questionnaire_id', 'criteria_met', 'response');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ questionnaire_id: 'therapy-necessity', criteria_met: expect.anything() });
    expect(Boolean(stored[0]?.criteria_met)).toBe(true);
    expect(JSON.stringify(JSON.parse(stored[0]?.response))).toContain('plan-of-care');
  });
});

test('a line sent without the answers its rule asks (a pended 72148) is documented when the update changes it; criteria not met pend it, and the answers are stored', async () => {
  const reference = await submitted({ ...THERAPY, memberId: '5634026', categoryId: 'advanced-imaging', lines: [{ code: '72148', system: 'CPT', units: 1 }] });
  await startUpdate(office, reference);
  await office.submit('Continue', { 'End date for line 1': '01/31/2027' });
  let page = await office.submit('Continue');
  expect(page.text('#line-1')).toContain('Not answered yet');
  page = await documentClinical(office, '1', ['Yes', 'No', 'Yes', 'Yes']);
  expect(page.text('#line-1')).toContain('Answered: the criteria are not met, so the line goes to the plan for review');
  page = await office.submit('Submit update');
  expect(page.h1).toBe('Your update has been submitted');
  const second = (await versionsOf(reference))[1];
  const line = await t.db('request_lines').where({ request_id: second?.id, line_number: 1 }).first('id', 'status');
  expect(line.status).toBe('Pended');
  const stored = await t.db('questionnaire_responses').where({ request_line_id: line.id }).select('questionnaire_id', 'criteria_met');
  expect(stored.map((s) => [s.questionnaire_id, Boolean(s.criteria_met)])).toEqual([['advanced-imaging', false]]);
});
