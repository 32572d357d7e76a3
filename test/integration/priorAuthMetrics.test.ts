import { parse as parseCsv } from 'csv-parse/sync';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { TWO_LINES } from '../helpers/planRequests';
import { insertDemoRequest, type DemoRequest } from '../../src/seed/demoRequests';
import { recordLineDecisions } from '../../src/db/repositories/lineDecisions';

/** The public figures (CMS-0057-F) on /prior-authorization/metrics, as anyone reads them, signed out. */
const NOW = new Date('2026-03-10T15:00:00.000Z');
const HOUR = 3_600_000;
let t: TestApp;
let visitor: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW });
  visitor = new Browser(t.app);
});
afterAll(async () => t.close());

const STANDARD = TWO_LINES;
const EXPEDITED: DemoRequest = { ...STANDARD, lines: [{ code: 'E0601', system: 'HCPCS', units: 1 }], priority: 'expedited', hoursAgo: 4 };

/** Records the plan's decisions on a request's lines, in order, at NOW (as the decision journey would). */
async function decideAtNow(reference: string, outcomes: ('Approved' | 'Partially approved' | 'Denied')[]) {
  const request = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  const physician = await t.db('users').where({ username: 'demo.physician' }).first('id');
  const lines = await t.db('request_lines').where({ request_id: request.id }).orderBy('line_number').select('id', 'units', 'decision_count');
  const result = await recordLineDecisions(
    t.db,
    lines.map((l, i) => {
      const outcome = outcomes[i] ?? 'Approved';
      return {
        seen: l.decision_count,
        decision: {
          requestId: request.id, lineId: l.id, outcome, authorizedUnits: outcome === 'Denied' ? null : outcome === 'Approved' ? l.units : 1, authorizedFrom: null, authorizedTo: null,
          certificationNumber: null, reasonCode: outcome === 'Approved' ? null : 'criteria-not-met', reasonText: outcome === 'Approved' ? null : 'Criterion 2 not met',
          decidedBy: physician.id, decidedByRole: 'physician_reviewer' as const, rulesVersion: null, decidedAt: NOW.toISOString(),
        },
      };
    }),
  );
  expect(result).toBe('recorded');
}

/** The figures table as read: measure -> [standard, expedited]. */
const figures = (page: Page) => Object.fromEntries(page.root.querySelectorAll('table[aria-labelledby="figures-title"] tbody tr').map((tr) => {
  const [measure = '', standard = '', expedited = ''] = tr.querySelectorAll('td').map((td) => td.text.trim());
  return [measure, [standard, expedited]];
}));

test('anyone may read the page without signing in: this year by default, the figures, the definitions and what needs authorization', async () => {
  const page = await visitor.visit('/prior-authorization/metrics');
  expect(page.status).toBe(200);
  expect(page.title).toContain('Prior authorization metrics');
  expect(page.h1).toBe('Prior authorization metrics for 2026');
  expect(page.valueOf('Year')).toBe('2026');
  expect(page.mainText).toContain('Partial approvals count as approved');
  expect(figures(page)['Approved after appeal']).toEqual(expect.arrayContaining(['Not applicable']));
  const items = page.texts('table[aria-labelledby="items-title"] tbody tr');
  expect(items.some((row) => row.includes('E0601') && row.includes('A CPAP device needs authorization.'))).toBe(true);
  expect(items.some((row) => row.includes('Every inpatient admission is reviewed'))).toBe(true);
  expect(items.some((row) => row.includes('99213'))).toBe(false);
  expect(items.some((row) => row.includes('E0625'))).toBe(false);
});

test('the page counts a decided request, and the CSV has a header row and the same figures', async () => {
  const before = figures(await visitor.visit('/prior-authorization/metrics?year=2026'));
  expect(before['Requests decided']).toEqual(['0', '0']);
  const waiting = await insertDemoRequest(t.db, STANDARD, NOW);
  const standard = await insertDemoRequest(t.db, STANDARD, NOW);
  await decideAtNow(standard, ['Approved', 'Partially approved']);
  const expedited = await insertDemoRequest(t.db, EXPEDITED, NOW);
  await decideAtNow(expedited, ['Denied']);
  expect(waiting).toBeTruthy();

  const page = await visitor.visit('/prior-authorization/metrics?year=2026');
  const shown = figures(page);
  expect(shown).toEqual({
    'Requests decided': ['1', '1'],
    Approved: ['100%', '0%'],
    Denied: ['0%', '100%'],
    'Approved after appeal': ['0%', 'Not applicable'],
    'Timeframe extended, then approved': ['0%', 'Not applicable'],
    'Average time from submission to decision': ['10 hours', '4 hours'],
    'Median time from submission to decision': ['10 hours', '4 hours'],
  });
  expect(page.mainText).toContain('as a percentage of all 1 standard requests decided');

  const res = await visitor.agent.get('/prior-authorization/metrics.csv?year=2026');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  expect(res.headers['content-disposition']).toBe('attachment; filename=prior-authorization-metrics-2026.csv');
  const [header, ...rows] = parseCsv(res.text) as string[][];
  expect(header).toEqual(['Year', 'Measure', 'Standard requests', 'Expedited requests']);
  expect(Object.fromEntries(rows.map(([year, measure, s, e]) => { expect(year).toBe('2026'); return [measure, [s, e]]; }))).toEqual(shown);
  const viaFormat = await visitor.agent.get('/prior-authorization/metrics?year=2026&format=csv');
  expect(viaFormat.headers['content-disposition']).toContain('attachment');
  expect(viaFormat.text).toBe(res.text);
  // The page links to it.
  expect(page.root.querySelector('a[href="/prior-authorization/metrics.csv?year=2026"]')?.text).toBe('Download these figures (CSV)');

  // Another year has none of them.
  expect(figures(await visitor.visit('/prior-authorization/metrics?year=2025'))['Requests decided']).toEqual(['0', '0']);
});

test('a year that is not one of the list is a 400 with the list and a message, never a 500', async () => {
  for (const year of ['abc', '1999', '2027', '20266', '2026x']) {
    const page = await visitor.visit(`/prior-authorization/metrics?year=${encodeURIComponent(year)}`);
    expect({ year, status: page.status }).toEqual({ year, status: 400 });
    expect(page.title).toMatch(/^Error: Prior authorization metrics/);
    expect(page.errorSummary).toEqual([{ message: 'Choose a year from the list: 2025 to 2026', href: '#year' }]);
    expect(page.inlineErrors).toEqual(['Choose a year from the list: 2025 to 2026']);
  }
  const csv = await visitor.agent.get('/prior-authorization/metrics.csv?year=nope');
  expect(csv.status).toBe(400);
});

test('the plan administrator counts partial approvals as denied on the settings page, and the metrics page says so', async () => {
  const reference = await insertDemoRequest(t.db, { ...STANDARD, hoursAgo: 20 }, NOW);
  await decideAtNow(reference, ['Partially approved', 'Approved']);
  const before = await visitor.visit('/prior-authorization/metrics?year=2026');
  const decided = Number(figures(before)['Requests decided']?.[0]);
  expect(before.mainText).toContain('Partial approvals count as approved');

  const admin = await signedIn(t.app, 'demo.planadmin');
  await admin.visit('/plan/settings');
  const saved = await admin.submit('Save settings', { 'How partial approvals count in the metrics': 'As denied' });
  expect(saved.url).toBe('/plan/settings');
  expect(saved.mainText).toContain('Settings saved: partial approvals count as denied');

  const after = await visitor.visit('/prior-authorization/metrics?year=2026');
  expect(after.mainText).toContain('Partial approvals count as denied');
  expect(after.mainText).not.toContain('Partial approvals count as approved');
  // Both decided standard requests were approved in part: as approved they were 100% approved, as denied 100% denied.
  expect(figures(after)['Requests decided']?.[0]).toBe(String(decided));
  expect(figures(after).Approved?.[0]).toBe('0%');
  expect(figures(after).Denied?.[0]).toBe('100%');
});
