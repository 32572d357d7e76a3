import type { Browser, Page } from './browser';
import { requestSteps } from '../../src/journeys/priorAuth/flow';

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

/** How a provider answers each step of the flow, by its slug. */
const FILL: Record<string, (browser: Browser, o: Required<RequestOptions>) => Promise<Page>> = {
  'care-setting': (browser, o) => browser.submit('Continue', { 'Care setting': o.careSetting, Category: o.category }),
  'servicing-provider': async (browser, o) => {
    await browser.submit('Find provider', { 'Provider search': o.providerSearch });
    return browser.submit('Continue', { 'Servicing provider': o.providerLabel });
  },
  'service-details': (browser, o) => browser.submit('Continue', { 'Start date': o.startDate, 'End date': o.endDate, 'Treatment type': o.treatmentType, 'Place of service': o.placeOfService }),
  diagnoses: async (browser, o) => {
    for (const code of o.diagnoses) await browser.submit('Add diagnosis', { 'Diagnosis code': code });
    return browser.submit('Continue');
  },
  procedures: async (browser, o) => {
    for (const p of o.procedures) await browser.submit('Add procedure', { 'Procedure code': p.code, Units: p.units });
    return browser.submit('Continue');
  },
  contact: (browser) => browser.submit('Continue', { 'Contact name': 'Pat Office', 'Contact phone': '555-201-3344', 'Contact fax': '555-201-3345' }),
};

/** From the first step to the "Authorization Request" review page, answering every step of the flow, in the flow's own order, through its form. */
export async function fillToReview(browser: Browser, options: RequestOptions = {}): Promise<Page> {
  const o = { ...DEFAULTS, ...options };
  for (const step of requestSteps.slice(0, -1)) {
    const fill = FILL[step.slug];
    if (!fill) throw new Error(`fillToReview does not know how to answer the step ${step.slug}`);
    await fill(browser, o);
  }
  return browser.page;
}

/**
 * Answers the questionnaire of one line (every question Yes, or the given answers in order). The line
 * is named as its Document Clinical address names it: by code in the wizard, by line number in an update.
 */
export async function documentClinical(browser: Browser, line: string, answer: 'Yes' | 'No' | ('Yes' | 'No')[]): Promise<Page> {
  const link = browser.page.root.querySelector(`a[href$="/document-clinical/${line}"]`);
  if (!link) throw new Error(`No Document Clinical link for ${line} on ${browser.page.url}`);
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
