import { Browser, type Page, signedIn } from '../helpers/browser';
import { decideEveryLine, TWO_LINES } from '../helpers/planRequests';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { recordLineDecisions } from '../../src/db/repositories/lineDecisions';

/** Issue 14: the Status tab's "Needs my action" filter, and pended and decided requests findable for at least 6 months. */
const NOW = new Date('2026-09-15T15:00:00.000Z');
const DAY = 86_400_000;
let t: TestApp;
let office: Browser;
const ref: Record<string, string> = {};

const ONE_LINE = { ...TWO_LINES, lines: [{ code: 'E0601', system: 'HCPCS' as const, units: 3 }] };

async function informationRequested(reference: string): Promise<void> {
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  const nurse = await t.db('users').where({ username: 'demo.nurse' }).first('id');
  const lines = await t.db('request_lines').where({ request_id: request.id }).select('id', 'decision_count');
  await recordLineDecisions(t.db, lines.map((l) => ({ seen: l.decision_count, decision: {
    requestId: request.id, lineId: l.id, outcome: 'Information requested' as const, authorizedUnits: null, authorizedFrom: null, authorizedTo: null, certificationNumber: null,
    reasonCode: null, reasonText: 'The sleep study report', decidedBy: nurse.id, decidedByRole: 'clinical_reviewer' as const, rulesVersion: null, decidedAt: NOW.toISOString(),
  } })));
}

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  office = await signedIn(t.app, 'demo.provider');
  ref.information = await insertDemoRequest(t.db, ONE_LINE, NOW);
  await informationRequested(ref.information);
  ref.deniedRecently = await insertDemoRequest(t.db, ONE_LINE, new Date(NOW.getTime() - 6 * DAY));
  await decideEveryLine(t.db, ref.deniedRecently, 'Denied', new Date(NOW.getTime() - 5 * DAY));
  ref.deniedLongAgo = await insertDemoRequest(t.db, ONE_LINE, new Date(NOW.getTime() - 71 * DAY));
  await decideEveryLine(t.db, ref.deniedLongAgo, 'Denied', new Date(NOW.getTime() - 70 * DAY));
  // Denied at 11:30 PM in New York on the day before the 60-day cutoff day (07/17/2026): already 07/17 in UTC.
  ref.deniedAtTheEdge = await insertDemoRequest(t.db, ONE_LINE, new Date('2026-07-10T15:00:00.000Z'));
  await decideEveryLine(t.db, ref.deniedAtTheEdge, 'Denied', new Date('2026-07-17T03:30:00.000Z'));
  ref.approved = await insertDemoRequest(t.db, ONE_LINE, NOW);
  await decideEveryLine(t.db, ref.approved, 'Approved', NOW);
  ref.pended = await insertDemoRequest(t.db, ONE_LINE, NOW);
  ref.otherOffice = await insertDemoRequest(t.db, { ...ONE_LINE, office: 'demo.provider2' }, NOW);
  await decideEveryLine(t.db, ref.otherOffice, 'Denied', NOW);
  // Seven months before the clock: last date of service in February.
  ref.oldPended = await insertDemoRequest(t.db, { ...ONE_LINE, memberId: '5634026' }, new Date(NOW.getTime() - 212 * DAY));
  ref.oldDenied = await insertDemoRequest(t.db, { ...ONE_LINE, memberId: '5634026' }, new Date(NOW.getTime() - 213 * DAY));
  await decideEveryLine(t.db, ref.oldDenied, 'Denied', new Date(NOW.getTime() - 200 * DAY));
});
afterAll(async () => t.close());

const references = (page: Page) => page.texts('#submissions tbody td:first-child');

test('"Needs my action" lists the requests waiting on the office: information requested, or a decision it may still ask to reconsider', async () => {
  const status = await office.visit('/prior-auth/status');
  expect(status.root.querySelectorAll('#status option').map((o) => o.text.trim())).toContain('Needs my action');
  const page = await office.submit('Show requests', { Status: 'Needs my action' });
  expect(page.status).toBe(200);
  expect(page.valueOf('Status')).toBe('needs-action');
  const found = references(page);
  expect(found).toContain(ref.information);
  expect(found).toContain(ref.deniedRecently);
  for (const not of [ref.deniedLongAgo, ref.deniedAtTheEdge, ref.approved, ref.pended, ref.otherOffice, ref.oldDenied]) expect(found).not.toContain(not);
});

test('pended and decided requests stay findable more than 6 months after their last date of service', async () => {
  const byMember = references(await office.visit('/prior-auth/status?memberId=5634026'));
  expect(byMember).toEqual(expect.arrayContaining([ref.oldPended, ref.oldDenied]));
  expect(references(await office.visit(`/prior-auth/status?reference=${ref.oldPended}`))).toEqual([ref.oldPended]);
  expect(references(await office.visit('/prior-auth/status?status=Pended'))).toContain(ref.oldPended);
  expect(references(await office.visit('/prior-auth/status?status=Denied'))).toContain(ref.oldDenied);
  expect((await office.visit(`/prior-auth/requests/${ref.oldDenied}`)).status).toBe(200);
});
