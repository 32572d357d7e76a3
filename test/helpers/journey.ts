import type { Browser, Page } from './browser';

export interface RequestOptions {
  memberId?: string;
  dateOfService?: string;
  careSetting?: 'Inpatient' | 'Outpatient';
  category?: string;
  providerSearch?: string;
  providerLabel?: string;
  startDate?: string;
  endDate?: string;
  treatmentType?: string;
  placeOfService?: string;
  diagnoses?: string[];
  procedures?: { code: string; units: string }[];
}

export const DEFAULTS: Required<RequestOptions> = {
  memberId: '5634024',
  dateOfService: '03/02/2026',
  careSetting: 'Outpatient',
  category: 'Drug testing',
  providerSearch: '1987654328',
  providerLabel: 'Maria Gonzalez, MD (NPI 1987654328)',
  startDate: '03/02/2026',
  endDate: '03/02/2026',
  treatmentType: 'Laboratory',
  placeOfService: '11 - Office',
  diagnoses: ['F11.20'],
  procedures: [{ code: '80324', units: '1' }],
};

/** Finds the member and starts a request; the browser ends on the first step. */
export async function startRequest(browser: Browser, options: RequestOptions = {}): Promise<Page> {
  const o = { ...DEFAULTS, ...options };
  await browser.visit('/prior-auth');
  await browser.submit('Search', { 'Member ID': o.memberId, 'Start date of service': o.dateOfService });
  return browser.submit('Start authorization request');
}

/** From the first step to the "Authorization Request" review page, answering every step through its form. */
export async function fillToReview(browser: Browser, options: RequestOptions = {}): Promise<Page> {
  const o = { ...DEFAULTS, ...options };
  await browser.submit('Continue', { 'Care setting': o.careSetting, Category: o.category });
  await browser.submit('Find provider', { 'Provider search': o.providerSearch });
  await browser.submit('Continue', { 'Servicing provider': o.providerLabel });
  await browser.submit('Continue', { 'Start date': o.startDate, 'End date': o.endDate, 'Treatment type': o.treatmentType, 'Place of service': o.placeOfService });
  for (const code of o.diagnoses) await browser.submit('Add diagnosis', { 'Diagnosis code': code });
  await browser.submit('Continue');
  for (const p of o.procedures) await browser.submit('Add procedure', { 'Procedure code': p.code, Units: p.units });
  await browser.submit('Continue');
  return browser.submit('Continue', { 'Contact name': 'Pat Office', 'Contact phone': '555-201-3344', 'Contact fax': '555-201-3345' });
}

/** Answers the questionnaire of one line (every question Yes, or the given answers in order). */
export async function documentClinical(browser: Browser, code: string, answer: 'Yes' | 'No' | ('Yes' | 'No')[]): Promise<Page> {
  const link = browser.page.root.querySelector(`a[href$="/document-clinical/${code}"]`);
  if (!link) throw new Error(`No Document Clinical link for ${code} on ${browser.page.url}`);
  const page = await browser.visit(link.getAttribute('href') ?? '');
  const legends = page.root.querySelectorAll('fieldset legend').map((l) => l.text.replace(/\s+/g, ' ').trim());
  const fields = Object.fromEntries(legends.map((legend, i) => [legend, Array.isArray(answer) ? (answer[i] ?? 'Yes') : answer]));
  return browser.submit('Continue', fields);
}

export function journeyIdOf(page: Page): string {
  const m = /^\/prior-auth\/([0-9a-f-]{36})\//.exec(page.url);
  if (!m?.[1]) throw new Error(`Not a journey page: ${page.url}`);
  return m[1];
}

/** Signs nothing in: from the member search to the results page of a submitted request (criteria met). */
export async function submitRequest(browser: Browser, options: RequestOptions = {}): Promise<Page> {
  await startRequest(browser, options);
  await fillToReview(browser, options);
  for (const p of options.procedures ?? DEFAULTS.procedures) {
    if (browser.page.root.querySelector(`a[href$="/document-clinical/${p.code}"]`)) await documentClinical(browser, p.code, 'Yes');
  }
  return browser.submit('Submit Request');
}
