import type { Page } from 'playwright-core';
import { ProviderBrowser } from './chromium';
import { startPortal, type Portal } from './portal';

export const PASSWORD = 'Demo-Password-2026';

export interface Harness {
  portal: Portal;
  browser: ProviderBrowser;
  page: Page;
}

/** One portal (with the given settings) and one provider's browser per test file; each test gets a screenshot and HTML saved if it fails. */
export function useHarness(env: () => Record<string, string> = () => ({})): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const portal = await startPortal(env());
    const browser = await ProviderBrowser.launch(portal.url);
    harness = { portal, browser, page: browser.page };
  });
  afterAll(async () => {
    await harness?.browser.close();
    await harness?.portal.stop();
  });
  return () => {
    if (!harness) throw new Error('harness not started');
    return harness;
  };
}

/** A test whose failure leaves a screenshot and the page's HTML in test-artifacts/, and whose pages must all pass the audits. */
export function providerTest(name: string, get: () => Harness, body: (h: Harness) => Promise<void>): void {
  test(name, async () => {
    const h = get();
    try {
      await body(h);
    } catch (err) {
      await h.browser.saveArtifacts(expect.getState().currentTestName ?? name);
      throw err;
    }
    expect(await h.browser.auditResults()).toEqual([]);
  });
}

export async function signIn(page: Page, username = 'demo.provider'): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in once the browser has left the sign-in page (on a busy machine 'networkidle' can come
  // before the sign-in POST has even been answered, and the test's next page then met the sign-in page).
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  // Let the page after sign-in arrive (and be audited) before the test goes elsewhere.
  await page.waitForLoadState('networkidle');
}

/** On the Add user page, an office administrator adds this person as Office staff. */
export async function addOfficeStaff(page: Page, name: string, username: string, email: string): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Role').selectOption({ label: 'Office staff' });
  await page.getByRole('button', { name: 'Add user' }).click();
}

/** Signs out, and lets the signed-out page arrive (and be audited) before the next sign-in goes elsewhere. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in?signed-out=1');
  await page.waitForLoadState('networkidle');
}

export async function findMember(page: Page, memberId: string, date: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
  await page.getByRole('link', { name: 'Medical (Inpatient & Outpatient)' }).click();
  await page.getByLabel('Member ID', { exact: true }).fill(memberId);
  await page.getByLabel('Medicaid ID').fill('');
  await page.getByLabel('Last name').fill('');
  await page.getByLabel('First name').fill('');
  await page.getByLabel('Date of birth').fill('');
  await page.getByLabel('Start date of service').fill(date);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

/** What a request built by buildRequest is for, beyond its procedure and category. */
export interface RequestDetails {
  provider: { npi: string; name: string };
  startDate: string;
  endDate: string;
  treatmentType: string;
  diagnosis: string;
  units: string;
}

const DRUG_TEST: RequestDetails = { provider: { npi: '1987654328', name: 'Maria Gonzalez, MD' }, startDate: '03/02/2026', endDate: '03/02/2026', treatmentType: 'Laboratory', diagnosis: 'F11.20', units: '1' };

/** From the member search to the review page, for Dino Saur and one procedure (a drug test on 03/02/2026 unless told otherwise). */
export async function buildRequest(page: Page, procedure = '80324', category = 'Drug testing', details: Partial<RequestDetails> = {}): Promise<void> {
  const d = { ...DRUG_TEST, ...details };
  await findMember(page, '5634024', d.startDate);
  await page.getByRole('button', { name: 'Start authorization request' }).click();
  await page.getByRole('radio', { name: 'Outpatient' }).check();
  await page.getByLabel('Category').selectOption({ label: category });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Provider search').fill(d.provider.npi);
  await page.getByRole('button', { name: 'Find provider' }).click();
  await page.getByRole('radio', { name: `${d.provider.name} (NPI ${d.provider.npi})` }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Start date').fill(d.startDate);
  await page.getByLabel('End date').fill(d.endDate);
  await page.getByLabel('Treatment type').selectOption({ label: d.treatmentType });
  await page.getByLabel('Place of service').selectOption({ label: '11 - Office' });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Diagnosis code').fill(d.diagnosis);
  await page.getByRole('button', { name: 'Add diagnosis' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Procedure code').fill(procedure);
  await page.getByLabel('Units').fill(d.units);
  await page.getByRole('button', { name: 'Add procedure' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Contact name').fill('Pat Office');
  await page.getByLabel('Contact phone').fill('312-555-0142');
  await page.getByLabel('Contact fax').fill('312-555-0143');
  await page.getByRole('button', { name: 'Continue' }).click();
}

export async function answerAll(page: Page, answer: 'Yes' | 'No'): Promise<void> {
  for (const radio of await page.getByRole('radio', { name: answer, exact: true }).all()) await radio.check();
  await page.getByRole('button', { name: 'Continue' }).click();
}
