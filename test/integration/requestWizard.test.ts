import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { fillToReview, journeyIdOf, startRequest } from '../helpers/journey';
import { seedRequestJourney, type SeedOptions } from '../helpers/seedJourney';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function newRequest(options = {}): Promise<{ browser: Browser; id: string; first: Page }> {
  const browser = await signedIn(t.app);
  const first = await startRequest(browser, options);
  return { browser, id: journeyIdOf(first), first };
}

/** A signed-in provider on a step of a request seeded in the database, without walking the steps before it. */
async function seededAt(at: string, options: SeedOptions = {}): Promise<{ browser: Browser; id: string; page: Page }> {
  const browser = await signedIn(t.app);
  const { id, url } = await seedRequestJourney(t.db, { ...options, at });
  const page = await browser.visit(url);
  expect(page.url).toBe(url);
  return { browser, id, page };
}

function expectErrors(page: Page, expected: [string, string][]) {
  expect(page.status).toBe(422);
  expect(page.title).toMatch(/^Error: /);
  expect(page.errorSummary).toEqual(expected.map(([href, message]) => ({ href: `#${href}`, message })));
  expect(page.inlineErrors).toEqual(expected.map(([, message]) => message));
  for (const [id] of expected) expect(page.root.querySelector(`#${id}`)).not.toBeNull();
}

describe('care setting and category', () => {
  test('renders with the member, the settings as radios and Category as a drop-down', async () => {
    const { first } = await newRequest();
    expect(first.status).toBe(200);
    expect(first.h1).toBe('Care setting and category');
    expect(first.text('.patient-banner')).toContain('Dino Saur');
    expect(first.root.querySelectorAll('input[type=radio][name=careSetting]')).toHaveLength(2);
    expect(first.controlByLabel(first.root, 'Category').tagName).toBe('SELECT');
    expect(first.texts('optgroup[label=Outpatient] option')).toEqual(['Drug testing', 'Advanced imaging', 'Sleep studies', 'Durable medical equipment', 'Physical, occupational and speech therapy', 'Office visits']);
    expect(first.texts('optgroup[label=Inpatient] option')).toEqual(['Medical admission', 'Surgical admission', 'Behavioral health admission']);
  });

  test('nothing chosen: a message for each', async () => {
    const { browser } = await newRequest();
    const page = await browser.submit('Continue');
    expectErrors(page, [['careSetting', 'Select Inpatient or Outpatient'], ['categoryId', 'Select the category']]);
  });

  test('a category of the other setting is refused, and the choices stay', async () => {
    const { browser } = await newRequest();
    const page = await browser.submit('Continue', { 'Care setting': 'Inpatient', Category: 'Drug testing' });
    expectErrors(page, [['categoryId', 'Drug testing is not an inpatient category: choose an inpatient category, or change the care setting']]);
    expect(page.root.querySelector('#careSetting')?.hasAttribute('checked')).toBe(true);
    expect(page.valueOf('Category')).toBe('drug-testing');
  });

  test('a valid choice goes on to the servicing provider (303)', async () => {
    const { browser, id } = await newRequest();
    const page = await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Drug testing' });
    expect(browser.statuses).toEqual([303, 200]);
    expect(page.url).toBe(`/prior-auth/${id}/servicing-provider`);
    expect(page.h1).toBe('Servicing provider');
  });
});

describe('servicing provider', () => {
  const atProvider = () => seededAt('servicing-provider');

  test.each([
    ['NPI', '1456789019'],
    ['plan provider number', 'prv100004'],
    ['name', 'chen'],
  ])('Find provider by %s lists the provider as a radio button with name and NPI', async (_how, query) => {
    const { browser } = await atProvider();
    const page = await browser.submit('Find provider', { 'Provider search': query });
    expect(page.status).toBe(200);
    expect(page.texts('.radios__label')).toEqual(['James Chen, DO (NPI 1456789019)']);
    expect(page.valueOf('Provider search')).toBe(query);
  });

  test.each([
    ['', "Enter the provider's NPI, plan provider number or name"],
    ['1234567890', '1234567890 is not a valid NPI: check the digits'],
    ['12345', 'An NPI has 10 digits'],
    ['Nobody Atall', 'No providers match "Nobody Atall". Search by NPI, plan provider number (like PRV100001) or name'],
  ])('a search for "%s" gets "%s"', async (query, message) => {
    const { browser } = await atProvider();
    const page = await browser.submit('Find provider', { 'Provider search': query });
    expectErrors(page, [['providerQuery', message]]);
  });

  test('a search that finds nothing shows its message alone, not the results of the search before it', async () => {
    const { browser } = await atProvider();
    await browser.submit('Find provider', { 'Provider search': 'chen' });
    const page = await browser.submit('Find provider', { 'Provider search': 'Nobody Atall' });
    expectErrors(page, [['providerQuery', 'No providers match "Nobody Atall". Search by NPI, plan provider number (like PRV100001) or name']]);
    expect(page.texts('.radios__label')).toEqual([]);
  });

  test('Continue without searching, and without choosing, each say what to do', async () => {
    const { browser } = await atProvider();
    expectErrors(await browser.submit('Continue'), [['providerQuery', 'Search for the servicing provider, then select one of the results']]);
    await browser.submit('Find provider', { 'Provider search': 'clinic' });
    expectErrors(await browser.submit('Continue'), [['providerId', 'Select the servicing provider']]);
  });

  test('a provider id that was not offered is refused', async () => {
    const { browser, id } = await atProvider();
    await browser.submit('Find provider', { 'Provider search': 'chen' });
    const page = await browser.post(`/prior-auth/${id}/servicing-provider`, { _csrf: browser.csrfToken, providerId: '1', action: 'continue' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ href: '#providerId', message: 'Select the servicing provider' }]);
  });
});

describe('service details', () => {
  const atService = (options: SeedOptions = {}) => seededAt('service-details', options);

  test('the dates are prefilled with the date of service; the lists are drop-downs with codes shown as "11 - Office"', async () => {
    const { browser } = await atService();
    const page = browser.page;
    expect(page.h1).toBe('Service details');
    expect(page.valueOf('Start date')).toBe('03/02/2026');
    expect(page.valueOf('End date')).toBe('03/02/2026');
    expect(page.controlByLabel(page.root, 'Treatment type').tagName).toBe('SELECT');
    expect(page.texts('#placeOfService option')).toContain('11 - Office');
  });

  test('empty fields get a message each', async () => {
    const { browser } = await atService();
    const page = await browser.submit('Continue', { 'Start date': '', 'End date': '' });
    expectErrors(page, [
      ['startDate', 'Enter the start date'],
      ['endDate', 'Enter the end date'],
      ['treatmentType', 'Select the treatment type'],
      ['placeOfService', 'Select the place of service'],
    ]);
  });

  test('an end date before the start date', async () => {
    const { browser } = await atService();
    const page = await browser.submit('Continue', { 'End date': '03/01/2026', 'Treatment type': 'Laboratory', 'Place of service': '11 - Office' });
    expectErrors(page, [['endDate', 'End date must be on or after the start date']]);
    expect(page.valueOf('End date')).toBe('03/01/2026');
    expect(page.valueOf('Treatment type')).toBe('Laboratory');
  });

  test('dates outside the member\'s eligibility are refused', async () => {
    const { browser } = await atService({ memberId: '5634025', dateOfService: '2025-06-01' });
    const page = await browser.submit('Continue', { 'Start date': '06/01/2025', 'End date': '07/15/2025', 'Treatment type': 'Laboratory', 'Place of service': '11 - Office' });
    expectErrors(page, [['endDate', 'Lee Termed is eligible until 06/30/2025: the end date must be on or before that date']]);
    const again = await browser.submit('Continue', { 'Start date': '07/01/2025', 'End date': '07/15/2025' });
    expectErrors(again, [['startDate', 'Lee Termed is not eligible on 07/01/2025: the start date must be inside their eligibility (01/01/2018 to 06/30/2025)']]);
  });

  test('valid details go on to the diagnosis codes', async () => {
    const { browser, id } = await atService();
    const page = await browser.submit('Continue', { 'Start date': '3/2/2026', 'End date': '2026-03-31', 'Treatment type': 'Laboratory', 'Place of service': '11 - Office' });
    expect(page.url).toBe(`/prior-auth/${id}/diagnoses`);
    const back = await browser.visit(`/prior-auth/${id}/service-details`);
    expect(back.valueOf('End date')).toBe('03/31/2026');
  });
});

describe('diagnosis and procedure codes', () => {
  const atDiagnoses = () => seededAt('diagnoses');

  test('a code typed without the dot is added with its description; the first is primary', async () => {
    const { browser } = await atDiagnoses();
    await browser.submit('Add diagnosis', { 'Diagnosis code': 'f1120' });
    const page = await browser.submit('Add diagnosis', { 'Diagnosis code': 'Z79.891' });
    expect(page.texts('#code-list tbody tr td:first-child')).toEqual(['F11.20 Primary', 'Z79.891']);
    expect(page.text('#code-list tbody tr')).toContain('Opioid dependence, uncomplicated');
    const swapped = await browser.submit('Make primary Z79.891');
    expect(swapped.texts('#code-list tbody tr td:first-child')).toEqual(['Z79.891 Primary', 'F11.20']);
    const removed = await browser.submit('Remove F11.20');
    expect(removed.texts('#code-list tbody tr td:first-child')).toEqual(['Z79.891 Primary']);
  });

  test.each([
    ['F11.2', 'F11.2 is a category: choose a more specific code such as F11.20, F11.21 or F11.220'],
    ['F99.999', 'F99.999 is not an ICD-10-CM diagnosis code. Check the code, or search by words of its description'],
    ['zzzz', 'zzzz is not an ICD-10-CM diagnosis code. Check the code, or search by words of its description'],
    ['', 'Enter a diagnosis code, or words of its description'],
    ['zzqx nothing', 'No diagnosis codes match "zzqx nothing". Check the spelling, or type the code'],
  ])('"%s" gets "%s"', async (typed, message) => {
    const { browser } = await atDiagnoses();
    const page = await browser.submit('Add diagnosis', { 'Diagnosis code': typed });
    expectErrors(page, [['diagnosisCode', message]]);
    expect(page.valueOf('Diagnosis code')).toBe(typed);
  });

  test('a code already on the request is not added twice', async () => {
    const { browser } = await atDiagnoses();
    await browser.submit('Add diagnosis', { 'Diagnosis code': 'F11.20' });
    expectErrors(await browser.submit('Add diagnosis', { 'Diagnosis code': 'F1120' }), [['diagnosisCode', 'F11.20 is already on this request']]);
  });

  test('words of the description find codes, each with its own Add button', async () => {
    const { browser } = await atDiagnoses();
    const page = await browser.submit('Add diagnosis', { 'Diagnosis code': 'opioid dependence' });
    expect(page.h1).toBe('Diagnosis codes');
    expect(page.text('#search-results h2')).toBe('Codes matching "opioid dependence"');
    expect(page.texts('#search-results tbody td:first-child')).toContain('F11.20');
    const added = await browser.submit('Add F11.20');
    expect(added.texts('#code-list tbody tr td:first-child')).toEqual(['F11.20 Primary']);
  });

  test('Continue without a code asks for one; a typed code with Continue is added and goes on', async () => {
    const { browser, id } = await atDiagnoses();
    expectErrors(await browser.submit('Continue'), [['diagnosisCode', 'Add at least one diagnosis code']]);
    const page = await browser.submit('Continue', { 'Diagnosis code': 'I10' });
    expect(page.url).toBe(`/prior-auth/${id}/procedures`);
  });

  test('procedure codes need units from 1 to 9999', async () => {
    const { browser } = await atDiagnoses();
    await browser.submit('Continue', { 'Diagnosis code': 'F11.20' });
    expectErrors(await browser.submit('Add procedure', { 'Procedure code': '80324', Units: '' }), [['units', 'Enter the number of units requested, from 1 to 9999']]);
    expectErrors(await browser.submit('Add procedure', { 'Procedure code': '80324', Units: '10000' }), [['units', 'Enter the units as a whole number from 1 to 9999']]);
    expectErrors(await browser.submit('Add procedure', { 'Procedure code': '80324', Units: '0' }), [['units', 'Enter the units as a whole number from 1 to 9999']]);
    expectErrors(await browser.submit('Add procedure', { 'Procedure code': '99999', Units: '1' }), [['procedureCode', '99999 is not a CPT or HCPCS procedure code. Check the code, or search by words of its description']]);
    const page = await browser.submit('Add procedure', { 'Procedure code': 'g0480', Units: '2' });
    expect(page.texts('#code-list tbody td')).toEqual(expect.arrayContaining(['G0480 Primary', '2']));
  });
});

describe('contact details', () => {
  test('phone and fax are required and checked; extension and email are optional', async () => {
    const { browser, id } = await seededAt('review');
    const page = await browser.visit(`/prior-auth/${id}/contact`);
    expect(page.valueOf('Contact name')).toBe('Pat Office');
    expect(page.valueOf('Contact phone')).toBe('(555) 201-3344');
    const bad = await browser.submit('Continue', { 'Contact name': '', 'Contact phone': '123', 'Phone extension': '12a', 'Contact fax': '', 'Contact email': 'not-an-email' });
    expectErrors(bad, [
      ['contactName', 'Enter the contact name'],
      ['contactPhone', 'Enter the contact phone as a 10-digit US number, like 312-555-0142'],
      ['contactPhoneExt', 'Phone extension must contain only numbers'],
      ['contactFax', 'Enter the contact fax'],
      ['contactEmail', 'Enter the contact email in the right format, like name@example.com'],
    ]);
    expect(bad.valueOf('Contact email')).toBe('not-an-email');
    expect(page.text('label[for=contactEmail]')).toBe('Contact email (optional)');
  });
});

describe('moving around the wizard', () => {
  test('a step not yet reachable redirects to the first unanswered step', async () => {
    const { browser, id } = await newRequest();
    const page = await browser.visit(`/prior-auth/${id}/review`);
    expect(browser.statuses).toEqual([303, 200]);
    expect(page.url).toBe(`/prior-auth/${id}/care-setting`);
    await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Drug testing' });
    await browser.visit(`/prior-auth/${id}/procedures`);
    expect(browser.page.url).toBe(`/prior-auth/${id}/servicing-provider`);
  });

  test('an unknown journey says the request is no longer in progress and offers to start again', async () => {
    const browser = await signedIn(t.app);
    const page = await browser.visit('/prior-auth/00000000-0000-4000-8000-000000000000/care-setting');
    expect(page.status).toBe(404);
    expect(page.h1).toBe('This request is no longer in progress');
    expect(page.root.querySelector('main a[href="/prior-auth"]')?.text).toBe('Start a new request');
  });

  test('Back keeps every answer: each earlier page shows what was entered', async () => {
    const { browser, id } = await newRequest();
    await fillToReview(browser, { category: 'Drug testing' });
    const back = browser.page.root.querySelector('a.back-link')?.getAttribute('href');
    expect(back).toBe(`/prior-auth/${id}/contact`);
    const care = await browser.visit(`/prior-auth/${id}/care-setting`);
    expect(care.root.querySelector('input[value=outpatient]')?.hasAttribute('checked')).toBe(true);
    expect(care.valueOf('Category')).toBe('drug-testing');
    const provider = await browser.visit(`/prior-auth/${id}/servicing-provider`);
    expect(provider.root.querySelector('input[name=providerId][checked]')).not.toBeNull();
    const codes = await browser.visit(`/prior-auth/${id}/procedures`);
    expect(codes.texts('#code-list tbody td:first-child')).toEqual(['80324 Primary']);
    // Continuing from an earlier page with everything answered returns to the review.
    const again = await browser.visit(`/prior-auth/${id}/care-setting`);
    expect(again.h1).toBe('Care setting and category');
    const review = await browser.submit('Continue');
    expect(review.h1).toBe('Authorization Request');
  });

  test('Cancel Request asks for confirmation; Yes discards the request', async () => {
    const { browser, id } = await newRequest();
    await fillToReview(browser);
    const confirm = await browser.submit('Cancel Request');
    expect(confirm.h1).toBe('Cancel this request?');
    const no = confirm.root.querySelector('a.button--secondary')?.getAttribute('href');
    expect((await browser.visit(no ?? '')).h1).toBe('Authorization Request');
    await browser.submit('Cancel Request');
    const done = await browser.submit('Yes, cancel the request');
    expect(done.url).toBe('/prior-auth');
    expect(done.text('.notice--success')).toBe('The request was cancelled. Nothing was sent to the plan.');
    expect((await browser.visit(`/prior-auth/${id}/review`)).status).toBe(404);
    expect(await t.db('auth_requests').where({ journey_id: id }).first()).toBeUndefined();
  });

  test("another user's journey id is not theirs to open", async () => {
    const { id } = await newRequest();
    const other = await signedIn(t.app, 'demo.admin');
    expect((await other.visit(`/prior-auth/${id}/care-setting`)).status).toBe(404);
  });
});
