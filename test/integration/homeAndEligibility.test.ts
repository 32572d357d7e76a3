import { signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { startRequest } from '../helpers/journey';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const BLANK = { 'Member ID': '', 'Medicaid ID': '', 'Last name': '', 'First name': '', 'Date of birth': '', 'Start date of service': '' };

describe('Member Eligibility', () => {
  test('finds a member and shows eligibility on the date without starting a request, and says what is missing', async () => {
    const browser = await signedIn(t.app);
    const page = await browser.visit('/member-eligibility');
    expect(page.h1).toBe('Member Eligibility');
    expect(page.texts('nav[aria-label=Main] a[aria-current=page]')).toEqual(['Member Eligibility']);

    const missing = await browser.submit('Search', { ...BLANK });
    expect(missing.status).toBe(422);
    expect(missing.title).toMatch(/^Error: Member Eligibility/);
    expect(missing.errorSummary.map((e) => e.href)).toEqual(['#memberId', '#startDate']);

    const found = await browser.submit('Search', { ...BLANK, 'Member ID': '5634024', 'Start date of service': '03/02/2026' });
    expect(found.url).toMatch(/^\/member-eligibility\?search=[0-9a-f-]{36}$/);
    expect(found.text('#search-result')).toContain('Dino Saur');
    expect(found.text('#search-result')).toContain('Eligible on 03/02/2026');
    expect(await t.db('journeys').count({ n: '*' }).first()).toEqual({ n: 0 });
    const audited = await t.db('audit_log').where({ action: 'member-search' }).count({ n: '*' }).first();
    expect(Number(audited?.n)).toBe(1);

    // The same search, from Prior Authorization, is the same code: the same messages.
    await browser.visit('/prior-auth');
    expect((await browser.submit('Search', { ...BLANK })).errorSummary).toEqual(missing.errorSummary);
  });
});

describe('the home page', () => {
  test("shows an office the plan's current announcements, its requests in progress, and links only as text", async () => {
    const browser = await signedIn(t.app);
    let home = await browser.visit('/');
    expect(home.texts('.announcement h3')).toEqual(['Keep your provider information current', 'Updates for our network', 'Anti-Fraud Plan']);
    expect(home.texts('.announcement__kind')).toEqual(['Attention All Providers', 'Network Notifications', 'Anti-Fraud']);
    expect(home.text('.announcement')).toContain('1-800-555-0142');
    expect(home.root.querySelectorAll('.announcement a').map((a) => a.getAttribute('href'))).toEqual(['https://plan.example/providers/announcements']);
    expect(home.text('#in-progress')).toContain('You have no requests in progress.');

    await startRequest(browser);
    home = await browser.visit('/');
    expect(home.text('#in-progress')).toContain('Dino Saur');
  });

  test("the plan's staff see no announcements or requests in progress, and their own tasks", async () => {
    const nurse = await signedIn(t.app, 'demo.nurse');
    const home = await nurse.visit('/');
    expect(home.texts('.announcement')).toEqual([]);
    expect(home.texts('main .task-list a')).toEqual(['Review queue']);
  });
});
