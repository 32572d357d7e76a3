import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { submitRequest } from '../helpers/journey';
import { insertSubmittedRequest } from '../../src/db/repositories/requestSubmission';

let t: TestApp;
let browser: Browser;
let approvedRef: string;
let pendedRef: string;
let rosaRef: string;

function referenceOf(page: Page): string {
  return /Reference #: (\d{9})/.exec(page.mainText)?.[1] ?? '';
}

beforeAll(async () => {
  t = await startTestApp();
  browser = await signedIn(t.app);
  approvedRef = referenceOf(await submitRequest(browser, { dateOfService: '03/02/2026', startDate: '03/02/2026', endDate: '03/02/2026' }));
  pendedRef = referenceOf(
    await submitRequest(browser, { dateOfService: '05/10/2026', startDate: '05/10/2026', endDate: '05/12/2026', careSetting: 'Inpatient', category: 'Medical admission', placeOfService: '21 - Inpatient Hospital', procedures: [{ code: '99213', units: '1' }] }),
  );
  rosaRef = referenceOf(await submitRequest(browser, { memberId: '5634026', category: 'Office visits', procedures: [{ code: '99213', units: '1' }] }));
});
afterAll(async () => t.close());

function table(page: Page): Record<string, string>[] {
  const heads = page.texts('#submissions thead th');
  return page.root.querySelectorAll('#submissions tbody tr').map((tr) => Object.fromEntries(tr.querySelectorAll('td').map((td, i) => [heads[i] ?? String(i), td.text.replace(/\s+/g, ' ').trim()])));
}

describe('the Status tab', () => {
  test('lists the organization\'s recent requests, newest first, with every column', async () => {
    await browser.visit('/prior-auth');
    const page = await browser.visit(browser.page.root.querySelector('.tabs a[href="/prior-auth/status"]')?.getAttribute('href') ?? '');
    expect(page.root.querySelector('.tabs a[aria-current=page]')?.text).toBe('Status');
    const rows = table(page);
    expect(rows.map((r) => r['Reference #'])).toEqual([rosaRef, pendedRef, approvedRef]);
    expect(rows[1]).toEqual({
      'Reference #': pendedRef,
      Type: 'Authorization request',
      Member: 'Dino Saur (5634024)',
      'Procedure codes': '99213',
      'Dates of service': '05/10/2026 to 05/12/2026',
      Status: 'Pended',
      'Submitted on': expect.stringMatching(/^\d{2}\/\d{2}\/\d{4}$/),
    });
  });

  test('finds a request by reference number, and says so when there is none', async () => {
    await browser.visit('/prior-auth/status');
    const page = await browser.submit('Search', { 'Reference or authorization number': approvedRef });
    expect(page.url).toBe(`/prior-auth/status?reference=${approvedRef}`);
    expect(table(page).map((r) => r['Reference #'])).toEqual([approvedRef]);
    const none = await browser.submit('Search', { 'Reference or authorization number': '000000000' });
    expect(none.text('#results')).toContain('No requests found.');
  });

  test('finds a request by the authorization number shown on its pages, typed any way', async () => {
    const detail = await browser.visit(`/prior-auth/requests/${pendedRef}`);
    const authorizationNumber = /EPS-\d{8}/.exec(detail.mainText)?.[0] ?? '';
    expect(authorizationNumber).not.toBe('');
    await browser.visit('/prior-auth/status');
    const page = await browser.submit('Search', { 'Reference or authorization number': authorizationNumber });
    expect(page.status).toBe(200);
    expect(table(page).map((r) => r['Reference #'])).toEqual([pendedRef]);
    const typed = await browser.submit('Search', { 'Reference or authorization number': ` ${authorizationNumber.toLowerCase().replace('-', '')} ` });
    expect(table(typed).map((r) => r['Reference #'])).toEqual([pendedRef]);
    const none = await browser.submit('Search', { 'Reference or authorization number': 'EPS-99999999' });
    expect(none.text('#results')).toContain('No requests found.');
  });

  test('the status filter offers "All statuses" once', async () => {
    const page = await browser.visit('/prior-auth/status');
    expect(page.texts('#status option').filter((t) => t === 'All statuses')).toHaveLength(1);
  });

  test('a reference number that is not 9 digits gets a message', async () => {
    await browser.visit('/prior-auth/status');
    const page = await browser.submit('Search', { 'Reference or authorization number': '12ab' });
    const message = 'Enter the 9-digit reference number, like 006567083, or the authorization number, like EPS-00001951';
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message, href: '#reference' }]);
    expect(page.inlineErrors).toEqual([message]);
    expect(page.valueOf('Reference or authorization number')).toBe('12ab');
  });

  test('finds a member\'s requests, within a date-of-service range when given', async () => {
    await browser.visit('/prior-auth/status');
    const all = await browser.submit('Find requests', { 'Member ID': '5634024' });
    expect(table(all).map((r) => r['Reference #'])).toEqual([pendedRef, approvedRef]);
    const may = await browser.submit('Find requests', { 'Member ID': '5634024', 'Service from': '05/01/2026', 'Service to': '05/31/2026' });
    expect(table(may).map((r) => r['Reference #'])).toEqual([pendedRef]);
    const overlap = await browser.submit('Find requests', { 'Member ID': '5634024', 'Service from': '05/12/2026', 'Service to': '' });
    expect(table(overlap).map((r) => r['Reference #'])).toEqual([pendedRef]);
  });

  test('member search messages', async () => {
    await browser.visit('/prior-auth/status');
    const page = await browser.submit('Find requests', { 'Member ID': '', 'Service from': '13/45/2026', 'Service to': '' });
    expect(page.status).toBe(422);
    expect(page.errorSummary.map((e) => e.message)).toEqual(['Enter the member ID', 'Enter the service from date as a real date, like 03/25/2026']);
    const reversed = await browser.submit('Find requests', { 'Member ID': '5634024', 'Service from': '05/01/2026', 'Service to': '04/01/2026' });
    expect(reversed.errorSummary.map((e) => e.message)).toEqual(['Service to date must be on or after the service from date']);
  });

  test('filters the recent requests by status', async () => {
    await browser.visit('/prior-auth/status');
    const page = await browser.submit('Show requests', { Status: 'Pended' });
    expect(page.h1).toBe('Prior Authorization');
    expect(page.text('#results-title')).toBe('Recent requests: Pended');
    expect(table(page).map((r) => r['Reference #'])).toEqual([pendedRef]);
  });

  test('each row opens the request\'s detail page, with its lines, status history and attachments, and a print stylesheet', async () => {
    const list = await browser.visit(`/prior-auth/status?reference=${pendedRef}`);
    const href = list.root.querySelector('#submissions a')?.getAttribute('href') ?? '';
    const detail = await browser.visit(href);
    expect(detail.h1).toBe(`Request ${pendedRef}`);
    expect(detail.texts('#lines tbody td')).toContain('Pended');
    const history = detail.root.querySelectorAll('#history tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim()).slice(1));
    expect(history).toEqual([
      ['Request', 'Submitted', 'Dana Provider'],
      ['Line 1 (99213)', 'Pended', 'The coverage rules (automatic), in force from 01/01/2026'],
    ]);
    expect(detail.text('#attachments h2')).toBe('Clinical attachments');
    expect(detail.root.querySelector('link[media=print]')?.getAttribute('href')).toBe('/public/css/print.css');
  });
});

describe('only the signed-in user\'s organization is ever found', () => {
  test('another organization finds none of these requests, by any search, and gets 404 on their pages', async () => {
    const outsider = await signedIn(t.app, 'demo.provider2');
    expect((await outsider.visit('/prior-auth/status')).text('#results')).toContain('No requests found.');
    expect((await outsider.visit(`/prior-auth/status?reference=${approvedRef}`)).text('#results')).toContain('No requests found.');
    expect((await outsider.visit('/prior-auth/status?memberId=5634024')).text('#results')).toContain('No requests found.');
    expect((await outsider.visit(`/prior-auth/requests/${approvedRef}`)).status).toBe(404);
  });

  test('results are paged, 20 at a time', async () => {
    const org = await t.db('organizations').where({ npi: '1558598797' }).first();
    const user = await t.db('users').where({ username: 'demo.provider2' }).first();
    const member = await t.db('members').where({ member_id: '5634026' }).first();
    const provider = await t.db('providers').first();
    for (let i = 0; i < 23; i++) {
      await insertSubmittedRequest(
        t.db,
        {
          journeyId: `paging-${i}`, authorizationNumber: `EPS-9${String(i).padStart(7, '0')}`, organizationId: org.id, submittedBy: user.id, memberId: member.id,
          careSetting: 'outpatient', categoryId: 'office-visits', requestType: 'Office visits', servicingProviderId: provider.id,
          startDate: '2026-06-01', endDate: '2026-06-01', treatmentType: 'Medical care', placeOfService: '11', contactName: 'A', contactPhone: '(312) 555-0142',
          contactPhoneExt: null, contactFax: '(312) 555-0143', contactEmail: null, status: 'No authorization required',
          submittedAt: new Date(Date.UTC(2026, 5, 1, 12, i)).toISOString(), diagnoses: ['I10'],
          lines: [{ lineNumber: 1, code: '99213', codeSystem: 'CPT', units: 1, fromDate: '2026-06-01', toDate: '2026-06-01', ruleId: null, status: 'No authorization required', authorizedUnits: null, authorizedDate: null }],
        },
        () => String(900000000 + i),
      );
    }
    const outsider = await signedIn(t.app, 'demo.provider2');
    const first = await outsider.visit('/prior-auth/status');
    expect(table(first)).toHaveLength(20);
    expect(table(first)[0]?.['Reference #']).toBe('900000022');
    expect(first.text('#results .hint')).toBe('Showing 1 to 20 of 23');
    const next = first.root.querySelector('a[rel=next]')?.getAttribute('href') ?? '';
    const second = await outsider.visit(next);
    expect(table(second).map((r) => r['Reference #'])).toEqual(['900000002', '900000001', '900000000']);
    expect(second.text('#results .hint')).toBe('Showing 21 to 23 of 23');
    expect(second.root.querySelector('a[rel=next]')).toBeNull();
    expect(second.root.querySelector('a[rel=prev]')).not.toBeNull();
  });
});
