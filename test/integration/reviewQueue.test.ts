import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertDemoRequest, seedDemoRequests } from '../../src/seed/demoRequests';

/** The plan's review queue (issue 12): every request waiting for the plan, the most urgent first. */
let t: TestApp;
let nurse: Browser;
let references: string[];
let overdue: string;
/** The queue's clock is fixed: the words of time left never depend on how fast the tests run. */
const NOW = new Date('2026-03-10T15:00:00.000Z');
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  references = await seedDemoRequests(t.db, NOW);
  overdue = await insertDemoRequest(t.db, { office: 'demo.provider2', memberId: '5634026', categoryId: 'durable-medical-equipment', providerNpi: '1678901236', diagnosis: 'M54.50', lines: [{ code: 'K0001', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 200 }, NOW);
  nurse = await signedIn(t.app, 'demo.nurse');
});
afterAll(async () => t.close());

/** The queue's table as a person reads it: one object per row, by column heading. */
function rows(page: Page): Record<string, string>[] {
  const headings = page.texts('table thead th');
  return page.root.querySelectorAll('table tbody tr').map((tr) => Object.fromEntries(tr.querySelectorAll('td').map((td, i) => [headings[i] ?? '', td.text.replace(/\s+/g, ' ').replace('Assign to me request', '').trim()])));
}

test('the Review queue link opens the queue: overdue first, then by time left, with member, office, codes, priority, due time and time left in words', async () => {
  await nurse.visit('/');
  const link = nurse.page.root.querySelectorAll('nav[aria-label="Main"] a').find((a) => a.text.trim() === 'Review queue');
  const page = await nurse.visit(link?.getAttribute('href') ?? '');
  expect(page.h1).toBe('Review queue');
  const [pendedStandard, nearlyDue, decided] = references;
  const table = rows(page);
  expect(table.map((r) => r.Reference)).toEqual([overdue, nearlyDue, pendedStandard]);
  expect(table.map((r) => r.Reference)).not.toContain(decided);
  // The demo's fourth request waits for the office (information requested), not for the plan.
  const asked = references[3] ?? '';
  expect(table.map((r) => r.Reference)).not.toContain(asked);
  expect(await t.db('auth_requests').where({ reference_number: asked }).first('status')).toEqual({ status: 'Information requested' });
  const office = await signedIn(t.app, 'demo.provider');
  expect((await office.visit(`/prior-auth/requests/${asked}`)).text('#information-requested')).toContain('sleep study');
  expect(table[0]).toMatchObject({ 'Provider organization': 'Lakeview Pediatrics', Codes: 'K0001', Priority: 'Standard' });
  expect(table[0]?.['Time left']).toBe('Overdue by 1 day 8 hours');
  expect(page.root.querySelector('tbody tr td.overdue')?.text).toMatch(/^Overdue by/);
  expect(table[1]).toMatchObject({ Member: 'Dino Saur Member ID 5634024', Codes: '95810', Priority: 'Expedited' });
  expect(table[1]?.['Time left']).toBe('3 hours left');
  // Received 69 hours before, due 72 hours after: in the plan's time zone (New York, on daylight time since March 8).
  expect(table[1]?.Due).toBe('03/10/2026 2:00 PM EDT');
  expect(table[2]).toMatchObject({ 'Provider organization': 'Northside Family Clinic', Codes: 'E0470', Priority: 'Standard' });
  // Each request is a link named by its reference number.
  expect(page.root.querySelector(`a[href="/plan/requests/${nearlyDue}"]`)?.text).toBe(nearlyDue);
});

test('filters: expedited only, overdue only, unassigned, assigned to me', async () => {
  const refs = async (query: string) => rows(await nurse.visit(`/plan/queue?${query}`)).map((r) => r.Reference);
  expect(await refs('expedited=yes')).toEqual([references[1]]);
  expect(await refs('overdue=yes')).toEqual([overdue]);
  expect(await refs('assigned=me')).toEqual([]);
  expect(nurse.page.mainText).toContain('No request waiting for the plan matches these filters.');
  expect(await refs('assigned=nobody')).toHaveLength(3);
});

test('filter by category: the options are the service categories; the filtered queue keeps its category; an unknown one is no filter', async () => {
  const queue = await nurse.visit('/plan/queue');
  expect(queue.root.querySelectorAll('#category option').map((o) => o.text.trim())).toEqual(['Any category', 'Drug testing', 'Advanced imaging', 'Sleep studies', 'Durable medical equipment', 'Physical, occupational and speech therapy', 'Office visits', 'Medical admission', 'Surgical admission', 'Behavioral health admission']);
  const sleep = await nurse.submit('Apply filters', { Category: 'Sleep studies' });
  expect(sleep.url).toContain('category=sleep-studies');
  expect(rows(sleep).map((r) => r.Reference)).toEqual([references[1]]);
  expect(sleep.valueOf('Category')).toBe('sleep-studies');
  const equipment = await nurse.visit('/plan/queue?category=durable-medical-equipment');
  expect(rows(equipment).map((r) => r.Reference)).toEqual([overdue, references[0]]);
  expect(rows(await nurse.visit('/plan/queue?category=durable-medical-equipment&expedited=yes'))).toEqual([]);
  const unknown = await nurse.visit('/plan/queue?category=%3Cscript%3E');
  expect(unknown.status).toBe(200);
  expect(rows(unknown)).toHaveLength(3);
  expect(unknown.valueOf('Category')).toBe('');
});

test('Assign to me: the request shows as the nurse\'s, is found under Assigned to me, and a second reviewer cannot take it', async () => {
  await nurse.visit('/plan/queue');
  const page = await nurse.submit(`Assign to me request ${overdue}`);
  expect(page.url).toBe('/plan/queue');
  expect(page.mainText).toContain(`Request ${overdue} is assigned to you.`);
  expect(rows(page).find((r) => r.Reference === overdue)?.['Assigned to']).toBe('You');
  expect(rows(await nurse.visit('/plan/queue?assigned=me')).map((r) => r.Reference)).toEqual([overdue]);

  const physician = await signedIn(t.app, 'demo.physician');
  await physician.visit('/plan/queue');
  expect(rows(physician.page).find((r) => r.Reference === overdue)?.['Assigned to']).toBe('Nora Nurse');
  // A post made from a page shown before the nurse took it.
  const late = await physician.post(`/plan/requests/${overdue}/assign`, { _csrf: physician.csrfToken, returnTo: '/plan/queue' });
  expect(late.mainText).toContain(`Request ${overdue} was assigned to Nora Nurse first: it is theirs to decide.`);
  expect(await t.db('auth_requests').where({ reference_number: overdue }).first('assigned_to')).toEqual({ assigned_to: (await t.db('users').where({ username: 'demo.nurse' }).first('id')).id });
});

test('two reviewers pressing Assign to me at once: exactly one gets the request', async () => {
  const physician = await signedIn(t.app, 'demo.physician');
  await physician.visit('/plan/queue');
  await nurse.visit('/plan/queue');
  const target = references[0] ?? '';
  const [a, b] = await Promise.all([
    nurse.agent.post(`/plan/requests/${target}/assign`).type('form').send({ _csrf: nurse.csrfToken, returnTo: '/plan/queue' }),
    physician.agent.post(`/plan/requests/${target}/assign`).type('form').send({ _csrf: physician.csrfToken, returnTo: '/plan/queue' }),
  ]);
  expect([a.status, b.status]).toEqual([303, 303]);
  const messages = [(await nurse.visit('/plan/queue')).mainText, (await physician.visit('/plan/queue')).mainText];
  expect(messages.filter((m) => m.includes(`Request ${target} is assigned to you.`))).toHaveLength(1);
  expect(messages.filter((m) => m.includes('first: it is theirs to decide'))).toHaveLength(1);
});

test('a request with an unknown reference cannot be assigned (404), and an office user gets 404 on the plan pages', async () => {
  expect((await nurse.agent.post('/plan/requests/000000001/assign').type('form').send({ _csrf: nurse.csrfToken })).status).toBe(404);
  const office = await signedIn(t.app, 'demo.provider');
  expect((await office.agent.get('/plan/queue')).status).toBe(404);
  expect((await office.agent.post(`/plan/requests/${overdue}/assign`).type('form').send({ _csrf: office.csrfToken })).status).toBe(404);
});
