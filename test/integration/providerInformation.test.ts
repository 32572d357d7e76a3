import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
/** The portal's clock, moved by the tests. */
let now = new Date('2026-03-02T15:00:00Z');
let admin: Browser;
beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  admin = await signedIn(t.app, 'demo.admin');
});
afterAll(async () => t.close());

const FILLED = { Address: '100 Main Street, Springfield, IL 62701', Phone: '312-555-0142', Specialties: '207Q00000X\n261QP2300X', 'Accepting new patients': 'Yes', Languages: 'English, Spanish', Accessibility: 'Wheelchair access' };

describe('provider information', () => {
  test('every user of an office never confirmed sees the notice; only the administrator gets the link', async () => {
    const home = await admin.visit('/');
    expect(home.text('#provider-information-notice')).toContain("Your organization's provider information has never been confirmed.");
    expect(home.root.querySelector('#provider-information-notice a')?.getAttribute('href')).toBe('/provider-information');
    const provider = await signedIn(t.app, 'demo.provider');
    const theirs = await provider.visit('/');
    expect(theirs.text('#provider-information-notice')).toContain('has never been confirmed');
    expect(theirs.root.querySelectorAll('#provider-information-notice a')).toEqual([]);
    expect((await provider.agent.get('/provider-information')).status).toBe(404);
  });

  test('the form starts from the plan directory, says what is wrong, and Confirm information records who, when and what changed', async () => {
    let page = await admin.visit('/provider-information');
    expect(page.h1).toBe('Provider information');
    expect(page.text('#address')).toBe('100 Main Street, Springfield, IL 62701');
    expect(page.text('#specialties')).toBe('261QP2300X');

    page = await admin.submit('Confirm information', { Address: '', Phone: '555', Specialties: '261QP2300X F11.20', Languages: '', Accessibility: '' });
    expect(page.status).toBe(422);
    const messages = [
      'Enter the address',
      'Enter the phone number as a 10-digit US number, like 312-555-0142',
      'F11.20 is not a NUCC taxonomy code: a code has 10 characters and ends in X, like 207Q00000X',
      'Select whether the office is accepting new patients',
      'Enter the languages',
      'Enter the accessibility',
    ];
    expect(page.errorSummary).toEqual(['address', 'phone', 'specialties', 'acceptingNewPatients', 'languages', 'accessibility'].map((f, i) => ({ href: `#${f}`, message: messages[i] })));
    expect(page.inlineErrors).toEqual(messages);
    expect(page.valueOf('Phone')).toBe('555');

    page = await admin.submit('Confirm information', FILLED);
    expect(page.url).toBe('/');
    expect(page.text('.notice--success')).toBe('Thank you: your provider information is confirmed.');
    expect(page.root.querySelector('#provider-information-notice')).toBeNull();
    const confirmations = await t.db('provider_information_confirmations').select();
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ confirmed_at: now.toISOString(), changes: 'Address, Phone, Specialties, Accepting new patients, Languages, Accessibility' });

    now = new Date(now.getTime() + 86_400_000);
    await admin.visit('/provider-information');
    expect(admin.page.valueOf('Phone')).toBe('(312) 555-0142');
    await admin.submit('Confirm information', { Languages: 'English, Spanish, Polish' });
    expect((await t.db('provider_information_confirmations').orderBy('id').pluck('changes'))[1]).toBe('Languages');
    expect(await t.db('audit_log').where({ action: 'provider-information-confirmed' }).pluck('detail')).toEqual([
      'Changed: Address, Phone, Specialties, Accepting new patients, Languages, Accessibility',
      'Changed: Languages',
    ]);
  });

  test('once the last confirmation is older than 90 days the notice comes back', async () => {
    now = new Date(now.getTime() + 90 * 86_400_000);
    expect((await admin.visit('/')).root.querySelector('#provider-information-notice')).toBeNull();
    now = new Date(now.getTime() + 60_000);
    expect((await admin.visit('/')).text('#provider-information-notice')).toMatch(/was last confirmed \d{2}\/\d{2}\/2026/);
  });

  test('the plan administrator lists offices by last confirmation and downloads the list as CSV', async () => {
    const planAdmin = await signedIn(t.app, 'demo.planadmin');
    const page = await planAdmin.visit('/plan/provider-information');
    expect(page.texts('tbody td[data-label=Organization]')).toEqual(['Lakeview Pediatrics', 'Northside Family Clinic']);
    expect(page.texts('tbody td[data-label=Status]')).toEqual(['Due', 'Due']);
    expect(page.texts('tbody td[data-label="Confirmed by"]')).toEqual(['', 'Alex Administrator']);
    const csv = await planAdmin.agent.get('/plan/provider-information.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="?provider-information\.csv"?$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('"Organization","NPI","Last confirmed","Confirmed by","Status"');
    expect(lines[1]).toBe('"Lakeview Pediatrics","1558598797","Never","","Due"');
    expect(lines[2]).toMatch(/^"Northside Family Clinic","1234567893","\d{2}\/\d{2}\/2026 [^"]+","Alex Administrator","Due"$/);
    expect((await admin.agent.get('/plan/provider-information.csv')).status).toBe(404);
  });
});
