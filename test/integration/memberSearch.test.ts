import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertMember } from '../../src/db/repositories/members';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  browser = await signedIn(t.app);
});
afterAll(async () => t.close());

const BLANK = { 'Member ID': '', 'Medicaid ID': '', 'Last name': '', 'First name': '', 'Date of birth': '', 'Start date of service': '' };

/** A search from the page as it stands, every field given (blank unless said). */
async function search(fields: Record<string, string>) {
  await browser.visit('/prior-auth');
  return browser.submit('Search', { ...BLANK, ...fields });
}

function resultRows() {
  return Object.fromEntries(
    browser.page.root.querySelectorAll('#search-result .summary-list__row').map((row) => [row.querySelector('dt')?.text.trim(), row.querySelector('dd')?.text.replace(/\s+/g, ' ').trim()]),
  );
}

describe('the Prior Authorization page', () => {
  test('shows the Medical tab, the payment notice and one search form with every way of finding a member', async () => {
    const page = await browser.visit('/prior-auth');
    expect(page.h1).toBe('Prior Authorization');
    expect(page.texts('.tabs a')).toContain('Medical (Inpatient & Outpatient)');
    expect(page.mainText).toContain('An authorization is not a guarantee of payment.');
    const { form } = page.formWithButton('Search');
    for (const label of ['Member ID', 'Medicaid ID', 'Last name', 'First name', 'Date of birth', 'Start date of service']) {
      expect(page.controlByLabel(form, label).getAttribute('name')).toBeTruthy();
    }
  });
});

describe('finding a member', () => {
  test.each([
    ['member ID', { 'Member ID': '5634024' }],
    ['Medicaid ID', { 'Medicaid ID': '200563402' }],
    ['name and date of birth', { 'Last name': 'saur', 'First name': 'DINO', 'Date of birth': '8/10/1982' }],
  ])('by %s shows the member and their eligibility on the date of service', async (_way, fields) => {
    const page = await search({ ...fields, 'Start date of service': '03/02/2026' });
    expect(browser.statuses).toEqual([303, 200]);
    expect(page.status).toBe(200);
    expect(resultRows()).toEqual({
      Name: 'Dino Saur',
      'Member ID': '5634024',
      'Medicaid ID': '200563402',
      'Date of birth': '08/10/1982',
      Gender: 'Male',
      Eligibility: 'Eligible on 03/02/2026 (OpenPA Community Health Plan, 01/01/2018 to 12/31/2030)',
    });
    expect(page.formWithButton('Start authorization request')).toBeTruthy();
    expect(page.valueOf('Start date of service')).toBe('03/02/2026');
  });

  test('a member not eligible on the date is shown as such, and no request can be started', async () => {
    const page = await search({ 'Member ID': '5634025', 'Start date of service': '07/01/2025' });
    expect(resultRows().Eligibility).toBe('Not eligible on 07/01/2025');
    expect(() => page.formWithButton('Start authorization request')).toThrow();
    expect(page.text('#search-result')).toContain('A request cannot be started');
  });

  test('eligibility depends on the date: Lee Termed is eligible on her last day, 06/30/2025', async () => {
    const page = await search({ 'Member ID': '5634025', 'Start date of service': '06/30/2025' });
    expect(resultRows().Eligibility).toMatch(/^Eligible on 06\/30\/2025/);
    expect(page.formWithButton('Start authorization request')).toBeTruthy();
  });

  test('a forged start for a member who is not eligible starts nothing', async () => {
    const found = await search({ 'Member ID': '5634025', 'Start date of service': '07/01/2025' });
    const searchId = new URL(found.url, 'http://localhost').searchParams.get('search') ?? '';
    const memberId = await t.db('members').where({ member_id: '5634025' }).first('id');
    const page = await browser.post('/prior-auth/start', { _csrf: browser.csrfToken, search: searchId, member: String(memberId.id) });
    expect(page.url).toBe(`/prior-auth?search=${searchId}`);
    expect(page.text('#search-result')).toContain('Not eligible on 07/01/2025');
    expect(await t.db('journeys').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  test('no match gets a clear message and keeps what was typed', async () => {
    const page = await search({ 'Member ID': '9999999', 'Start date of service': '03/02/2026' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message: 'No member matches those details. Check them and search again.', href: '#memberId' }]);
    expect(page.valueOf('Member ID')).toBe('9999999');
    expect(page.valueOf('Start date of service')).toBe('03/02/2026');
  });

  test('more than one match asks for a member ID or Medicaid ID', async () => {
    const twin = { firstName: 'Sam', lastName: 'Twin', dateOfBirth: '2001-01-01', gender: 'Male', eligibility: [{ planName: 'Plan', startDate: '2020-01-01', endDate: '2030-12-31' }] };
    await insertMember(t.db, { ...twin, memberId: 'T100', medicaidId: null });
    await insertMember(t.db, { ...twin, memberId: 'T101', medicaidId: null });
    const page = await search({ 'Last name': 'Twin', 'First name': 'Sam', 'Date of birth': '01/01/2001', 'Start date of service': '03/02/2026' });
    expect(page.status).toBe(422);
    expect(page.inlineErrors).toEqual(['More than one member matches that name and date of birth. Search by member ID or Medicaid ID instead.']);
  });

  test('nothing to search by, and no date of service, each get a message', async () => {
    const page = await search({});
    expect(page.status).toBe(422);
    expect(page.title).toBe('Error: Prior Authorization - OpenPA');
    expect(page.errorSummary).toEqual([
      { message: "Enter a member ID, a Medicaid ID, or the member's last name, first name and date of birth", href: '#memberId' },
      { message: 'Enter the start date of service', href: '#startDate' },
    ]);
    expect(page.inlineErrors).toEqual(page.errorSummary.map((e) => e.message));
  });

  test('a name without a first name or date of birth asks for them', async () => {
    const page = await search({ 'Last name': 'Saur', 'Start date of service': '03/02/2026' });
    expect(page.errorSummary.map((e) => e.message)).toEqual(["Enter the member's first name", "Enter the member's date of birth"]);
  });

  test.each([
    ['02/30/2025', 'Start date of service must be a real date'],
    ['March 2', 'Enter the start date of service as MM/DD/YYYY, like 03/25/2026'],
  ])('a start date of %s gets "%s"', async (date, message) => {
    const page = await search({ 'Member ID': '5634024', 'Start date of service': date });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message, href: '#startDate' }]);
  });

  test('a member ID with symbols is refused with a message', async () => {
    const page = await search({ 'Member ID': "1' OR 1=1 --", 'Start date of service': '03/02/2026' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message: 'Member ID must contain only letters, numbers and hyphens', href: '#memberId' }]);
  });
});

describe('a new search never carries the last member over', () => {
  test('after a search by Medicaid ID, the form is empty but for the date of service, and a member ID typed next finds that member', async () => {
    const first = await browser.visit('/prior-auth');
    await browser.submit('Search', { 'Medicaid ID': '200563402', 'Start date of service': '03/02/2026' });
    expect(resultRows().Name).toBe('Dino Saur');
    expect(browser.page.text('#search-result p')).toBe('You searched by Medicaid ID 200563402.');
    expect(browser.page.valueOf('Medicaid ID')).toBe('');
    expect(browser.page.valueOf('Member ID')).toBe('');
    expect(browser.page.valueOf('Start date of service')).toBe('03/02/2026');
    // The address names the search by a random id, never by the member's identifiers.
    expect(browser.page.url).toMatch(/^\/prior-auth\?search=[0-9a-f-]{36}$/);
    expect(browser.page.url).not.toContain('200563402');
    // Typed into the form as it now stands, with nothing cleared by hand.
    const next = await browser.submit('Search', { 'Member ID': '5634026' });
    expect(next.status).toBe(200);
    expect(resultRows().Name).toBe('Rosa Parkway');
    expect(first.status).toBe(200);
  });

  test('a member ID and a Medicaid ID of two different members: it says exactly that', async () => {
    const page = await search({ 'Member ID': '5634026', 'Medicaid ID': '200563402', 'Start date of service': '03/02/2026' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([
      { href: '#memberId', message: 'Member ID 5634026 and Medicaid ID 200563402 belong to two different members. Search by one of them only.' },
    ]);
  });

  test('two tabs search two members, and each starts a request for its own member', async () => {
    const tabA = await search({ 'Member ID': '5634024', 'Start date of service': '03/02/2026' });
    const startA = tabA.formWithButton('Start authorization request');
    const dataA = browser.formData(startA.form, startA.buttonEl, {});
    const tabB = await search({ 'Member ID': '5634026', 'Start date of service': '03/02/2026' });
    expect(tabB.url).not.toBe(tabA.url);
    const startedA = await browser.post('/prior-auth/start', dataA);
    expect(startedA.text('.patient-banner')).toContain('Dino Saur');
    await browser.visit(tabB.url);
    const startedB = await browser.submit('Start authorization request');
    expect(startedB.text('.patient-banner')).toContain('Rosa Parkway');
  });

  test("another user's search id shows no member", async () => {
    const found = await search({ 'Member ID': '5634024', 'Start date of service': '03/02/2026' });
    const other = await signedIn(t.app, 'demo.admin');
    const page = await other.visit(found.url);
    expect(page.root.querySelector('#search-result')).toBeNull();
    expect(page.mainText).not.toContain('Dino');
  });
});
