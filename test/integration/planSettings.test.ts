import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { readPlanSettings } from '../../src/db/repositories/planSettings';

/** The plan administrator's pages (issue 12): the plan settings, and the audit log of the plan's staff. */
const NOW = new Date('2026-03-10T15:00:00.000Z');
let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  admin = await signedIn(t.app, 'demo.planadmin');
});
afterAll(async () => t.close());

test('the settings page shows the defaults; a change is saved, said, audited and read by readPlanSettings', async () => {
  await admin.visit('/');
  const link = admin.page.root.querySelectorAll('nav[aria-label="Main"] a').find((a) => a.text.trim() === 'Plan settings');
  const page = await admin.visit(link?.getAttribute('href') ?? '');
  expect(page.h1).toBe('Plan settings');
  expect(page.root.querySelector('input[name=partialApprovals][checked]')?.getAttribute('value')).toBe('as-approved');
  expect(page.valueOf('Reconsideration window in days')).toBe('60');
  expect(await readPlanSettings(t.db)).toEqual({ partialApprovals: 'as-approved', reconsiderationDays: 60 });

  const saved = await admin.submit('Save settings', { 'How partial approvals count in the metrics': 'As denied', 'Reconsideration window in days': '45' });
  expect(admin.statuses).toEqual([303, 200]);
  expect(saved.url).toBe('/plan/settings');
  expect(saved.mainText).toContain('Settings saved: partial approvals count as denied; reconsideration within 45 days.');
  expect(saved.root.querySelector('input[name=partialApprovals][checked]')?.getAttribute('value')).toBe('as-denied');
  expect(saved.valueOf('Reconsideration window in days')).toBe('45');
  expect(await readPlanSettings(t.db)).toEqual({ partialApprovals: 'as-denied', reconsiderationDays: 45 });
  const entry = await t.db('audit_log').where({ action: 'plan-settings-changed' }).orderBy('id', 'desc').first();
  expect(entry).toMatchObject({ username: 'demo.planadmin', detail: 'partial approvals count as denied; reconsideration within 45 days' });
});

test('a window outside 1 to 365 days is refused with a message, the typed values kept; nothing changes', async () => {
  const before = await readPlanSettings(t.db);
  await admin.visit('/plan/settings');
  for (const [typed, message] of [['0', 'The reconsideration window must be between 1 and 365 days'], ['366', 'The reconsideration window must be between 1 and 365 days'], ['two months', 'Enter the reconsideration window as a whole number of days, like 60'], ['', 'Enter the reconsideration window in days']] as const) {
    const page = await admin.submit('Save settings', { 'How partial approvals count in the metrics': 'As approved', 'Reconsideration window in days': typed });
    expect(page.status).toBe(422);
    expect(page.title).toMatch(/^Error: Plan settings/);
    expect(page.errorSummary).toEqual([{ message, href: '#reconsiderationDays' }]);
    expect(page.inlineErrors).toEqual([message]);
    expect(page.valueOf('Reconsideration window in days')).toBe(typed);
    expect(page.root.querySelector('input[name=partialApprovals][checked]')?.getAttribute('value')).toBe('as-approved');
  }
  const noChoice = await admin.post('/plan/settings', { _csrf: admin.csrfToken, reconsiderationDays: '30' });
  expect(noChoice.status).toBe(422);
  expect(noChoice.errorSummary).toEqual([{ message: 'Select how partial approvals count in the metrics', href: '#partialApprovals' }]);
  expect(await readPlanSettings(t.db)).toEqual(before);
});

test.each([['demo.nurse'], ['demo.physician'], ['demo.provider'], ['demo.admin']])('%s gets 404 on the settings page, to read or to change', async (username) => {
  const b = await signedIn(t.app, username);
  expect((await b.visit('/plan/settings')).status).toBe(404);
  const before = await readPlanSettings(t.db);
  expect((await b.post('/plan/settings', { _csrf: b.csrfToken, partialApprovals: 'as-approved', reconsiderationDays: '7' })).status).toBe(404);
  expect(await readPlanSettings(t.db)).toEqual(before);
});

test('signed out, the settings page asks to sign in', async () => {
  const b = new Browser(t.app);
  const page = await b.visit('/plan/settings');
  expect(page.url).toMatch(/^\/sign-in/);
});

test("the plan administrator reads the plan staff's audit log (who opened which request, the decisions); an office's administrator sees none of it; a provider gets 404", async () => {
  const reference = await insertDemoRequest(t.db, { office: 'demo.provider', memberId: '5634024', categoryId: 'durable-medical-equipment', providerNpi: '1678901236', diagnosis: 'M54.50', lines: [{ code: 'E0601', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 5 }, NOW);
  const nurse = await signedIn(t.app, 'demo.nurse');
  await nurse.visit(`/plan/requests/${reference}`);

  await admin.visit('/');
  const link = admin.page.root.querySelectorAll('nav[aria-label="Main"] a').find((a) => a.text.trim() === 'Audit log');
  const log = await admin.visit(link?.getAttribute('href') ?? '');
  expect(log.status).toBe(200);
  expect(log.h1).toBe('Audit log');
  expect(log.mainText).toContain("Every access of the plan's staff at OpenPA Health Plan");
  const opened = log.root.querySelectorAll('#audit tbody tr').map((tr) => Object.fromEntries(tr.querySelectorAll('td').map((td) => [td.getAttribute('data-label'), td.text.trim()])));
  expect(opened).toEqual(expect.arrayContaining([expect.objectContaining({ User: 'demo.nurse', What: 'Opened a request for review', Member: 'Dino Saur (5634024)', 'Reference #': reference })]));
  expect(opened.every((r) => ['demo.nurse', 'demo.physician', 'demo.planadmin'].includes(r.User ?? ''))).toBe(true);
  expect((await admin.visit('/admin/audit?username=demo.nurse')).texts('#audit tbody td[data-label="User"]').every((u) => u === 'demo.nurse')).toBe(true);

  const officeAdmin = await signedIn(t.app, 'demo.admin');
  const officeLog = await officeAdmin.visit(`/admin/audit?username=demo.nurse`);
  expect(officeLog.status).toBe(200);
  expect(officeLog.mainText).toContain('No entries found.');

  const provider = await signedIn(t.app, 'demo.provider');
  expect((await provider.visit('/admin/audit')).status).toBe(404);
});
