import type { HTMLElement } from 'node-html-parser';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { insertMember } from '../../src/db/repositories/members';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

type Fields = Record<string, string>;

const FACILITY = 'Springfield General Hospital (NPI 1546789011)';
const DELIVERY: Fields = {
  "Mother's member ID": '5634026',
  'Delivery date': '03/02/2026',
  'Delivery time': '14:30',
  'Delivery type': 'Cesarean',
  'Contact name': 'Pat Office',
  'Contact phone': '555-201-3344',
};
const AVA: Fields = {
  'First name': 'Ava', 'Last name': 'Parkway', Sex: 'Female', 'Date of birth': '03/02/2026',
  'Birth weight (grams)': '2450', 'Gestational age (weeks)': '36', 'NICU admission': 'No',
};
const LEO: Fields = {
  'First name': 'Leo', 'Last name': 'Parkway', Sex: 'Male', 'Date of birth': '03/02/2026',
  'Birth weight (grams)': '2300', 'Gestational age (weeks)': '36', 'NICU admission': 'Yes',
};
const RADIO_GROUPS = ['Delivering facility', 'Delivery type', 'Sex', 'NICU admission'];

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
const decode = (text: string) => text.replace(/&#39;/g, "'").replace(/&#34;|&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Two days ahead, so a run across midnight still sees the date as the future. */
function daysFromNow(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${String(d.getMonth() + 1).padStart(2, '0')}/${String(d.getDate()).padStart(2, '0')}/${d.getFullYear()}`;
}

/** The fieldset whose legend is `legend` (and that holds radio buttons, for a radio group). */
function fieldsetFor(scope: HTMLElement, legend: string, radios = false): HTMLElement | undefined {
  return scope.querySelectorAll('fieldset').find((f) => fold(f.querySelector('legend')?.text ?? '') === legend && (!radios || f.querySelector('input[type=radio]')));
}

function babyBlock(page: Page, n: number): HTMLElement {
  const block = fieldsetFor(page.root, `Baby ${n}`);
  if (!block) throw new Error(`No "Baby ${n}" on ${page.url}`);
  return block;
}

/** The label of the checked radio button of a group, or '' when none is. */
function checkedLabel(group: HTMLElement): string {
  const checked = group.querySelector('input[type=radio][checked]');
  return checked ? fold(group.querySelector(`label[for="${checked.getAttribute('id')}"]`)?.text ?? '') : '';
}

/** What a field of baby N shows: a text field's value, or the chosen radio button's label. */
function babyValue(page: Page, n: number, label: string): string {
  const block = babyBlock(page, n);
  const group = fieldsetFor(block, label, true);
  return group ? checkedLabel(group) : decode(page.controlByLabel(block, label).getAttribute('value') ?? '');
}

function shownValue(page: Page, label: string): string {
  const group = fieldsetFor(page.root, label, true);
  return group ? checkedLabel(group) : page.valueOf(label);
}

/** The form data for baby N's fields, found by label inside the "Baby N" fieldset, as a provider finds them. */
function babyData(page: Page, n: number, fields: Fields): Record<string, string> {
  const block = babyBlock(page, n);
  const data: Record<string, string> = {};
  for (const [label, value] of Object.entries(fields)) {
    const group = fieldsetFor(block, label, true);
    if (group) {
      const radio = group.querySelectorAll('input[type=radio]').find((r) => fold(group.querySelector(`label[for="${r.getAttribute('id')}"]`)?.text ?? '') === value);
      if (!radio) throw new Error(`No radio "${value}" under "${label}" of baby ${n}`);
      data[radio.getAttribute('name') ?? ''] = radio.getAttribute('value') ?? '';
    } else {
      data[page.controlByLabel(block, label).getAttribute('name') ?? ''] = value;
    }
  }
  return data;
}

/** Fills the form (fields outside the babies by label, each baby inside its own block) and clicks `button`. */
function formFor(browser: Browser, button: string, fields: Fields, babies: Fields[] = []) {
  const { form, buttonEl } = browser.page.formWithButton(button);
  const data = browser.formData(form, buttonEl, fields);
  babies.forEach((baby, i) => Object.assign(data, babyData(browser.page, i + 1, baby)));
  return { url: form.getAttribute('action') ?? browser.page.url, data };
}

async function press(browser: Browser, button: string, fields: Fields = {}, babies: Fields[] = []): Promise<Page> {
  const { url, data } = formFor(browser, button, fields, babies);
  return browser.post(url, data);
}

async function openForm(username?: string): Promise<Browser> {
  const browser = await signedIn(t.app, username);
  await browser.visit('/prior-auth/newborn');
  return browser;
}

/** The form with the mother, the facility found and chosen, and `babyCount` baby blocks. */
async function readyForm(babyCount = 2): Promise<Browser> {
  const browser = await openForm();
  await press(browser, 'Find provider', { 'Provider search': '1546789011' });
  await press(browser, babyCount > 1 ? 'Add another baby' : 'Find provider', { 'Delivering facility': FACILITY });
  return browser;
}

function expectErrors(page: Page, expected: [string, string][]) {
  expect(page.status).toBe(422);
  expect(page.title).toMatch(/^Error: /);
  expect(page.errorSummary).toEqual(expected.map(([id, message]) => ({ href: `#${id}`, message })));
  expect(page.inlineErrors).toEqual(expected.map(([, message]) => message));
  for (const [id] of expected) expect(page.root.querySelector(`#${id}`)).not.toBeNull();
}

function referenceOf(page: Page): string {
  return /Reference #: (\d{9})/.exec(page.mainText)?.[1] ?? '';
}

/** The id of the newborn form in progress at this address. */
const journeyIdIn = (url: string) => /\/prior-auth\/newborn\/([0-9a-f-]{36})\//.exec(url)?.[1];

describe('the Newborn Delivery Notification tab', () => {
  test('shows every field by its name, one baby to start with, and the tab as the current one', async () => {
    const browser = await openForm();
    const page = browser.page;
    expect(page.status).toBe(200);
    expect(page.title).toBe('Newborn Delivery Notification - OpenPA');
    expect(page.text('.tabs a[aria-current=page]')).toBe('Newborn Delivery Notification');
    expect(page.root.querySelector('.tabs a[href="/prior-auth/newborn"]')).not.toBeNull();
    const { form } = page.formWithButton('Submit notification');
    for (const label of ["Mother's member ID", 'Delivery date', 'Delivery time', 'Provider search', 'Contact name', 'Contact phone']) {
      expect(page.controlByLabel(form, label).getAttribute('type')).toMatch(/^(text|tel)$/);
    }
    expect(page.formWithButton('Find provider').form).toBe(form);
    expect(page.formWithButton('Add another baby').form).toBe(form);
    expect(fieldsetFor(form, 'Delivery type', true)?.querySelectorAll('label').map((l) => fold(l.text))).toEqual(['Vaginal', 'Cesarean']);
    expect(form.querySelectorAll('fieldset legend').map((l) => fold(l.text)).filter((l) => /^Baby \d$/.test(l))).toEqual(['Baby 1']);
    const baby = babyBlock(page, 1);
    for (const label of ['First name', 'Last name', 'Date of birth', 'Birth weight (grams)', 'Gestational age (weeks)']) {
      expect(page.controlByLabel(baby, label).getAttribute('name')).toMatch(/^babies-0-/);
    }
    expect(page.controlByLabel(baby, 'Birth weight (grams)').getAttribute('id')).toBe('babies-0-birthWeightGrams');
    expect(fieldsetFor(baby, 'Sex', true)?.querySelectorAll('label').map((l) => fold(l.text))).toEqual(['Female', 'Male']);
    expect(fieldsetFor(baby, 'NICU admission', true)?.querySelectorAll('label').map((l) => fold(l.text))).toEqual(['Yes', 'No']);
    expect(page.texts('button').filter((b) => b.startsWith('Remove baby'))).toEqual([]);
    // Each form in progress has its own address: a random id, never anything about the member.
    expect(page.url).toMatch(/^\/prior-auth\/newborn\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/notification$/);
    expect(form.getAttribute('action')).toBe(page.url);
  });

  test('the form page needs a sign-in', async () => {
    const res = await new Browser(t.app).agent.get('/prior-auth/newborn');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });
});

describe('twins delivered by cesarean', () => {
  test('are found, added, filled and sent once, with both babies on the confirmation page and in the database', async () => {
    const browser = await openForm();
    const found = await press(browser, 'Find provider', { ...DELIVERY, 'Provider search': '1546789011' });
    expect(browser.statuses).toEqual([303, 200]);
    expect(found.texts('.radios__label').filter((l) => l.includes('NPI'))).toEqual([FACILITY]);
    expect(found.valueOf("Mother's member ID")).toBe('5634026');
    expect(shownValue(found, 'Delivery type')).toBe('Cesarean');

    const girl = { ...AVA, 'First name': 'Baby Girl' };
    const boy = { ...LEO, 'First name': 'Baby Boy' };
    const two = await press(browser, 'Add another baby', { 'Delivering facility': FACILITY }, [girl]);
    expect(browser.statuses).toEqual([303, 200]);
    expect(two.url).toMatch(/^\/prior-auth\/newborn\/[0-9a-f-]{36}\/notification$/);
    expect(babyValue(two, 1, 'First name')).toBe('Baby Girl');
    expect(babyValue(two, 1, 'Sex')).toBe('Female');
    expect(babyValue(two, 2, 'First name')).toBe('');
    expect(shownValue(two, 'Delivering facility')).toBe(FACILITY);
    expect(two.formWithButton('Remove baby 2')).toBeTruthy();

    const done = await press(browser, 'Submit notification', {}, [girl, boy]);
    expect(browser.statuses).toEqual([303, 200]);
    expect(done.url).toMatch(/^\/prior-auth\/newborn\/notifications\/\d{9}$/);
    const reference = referenceOf(done);
    expect(done.url).toBe(`/prior-auth/newborn/notifications/${reference}`);
    expect(done.h1).toBe('Newborn delivery notification sent');
    expect(done.mainText).toContain('Rosa Parkway, member ID 5634026, born 05/02/1994');
    expect(done.mainText).toContain(FACILITY);
    expect(done.texts('#babies thead th')).toEqual(['Baby', 'First name', 'Last name', 'Sex', 'Date of birth', 'Birth weight (grams)', 'Gestational age (weeks)', 'NICU admission']);
    expect(done.root.querySelectorAll('#babies tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => fold(td.text)))).toEqual([
      ['1', 'Baby Girl', 'Parkway', 'Female', '03/02/2026', '2450', '36', 'No'],
      ['2', 'Baby Boy', 'Parkway', 'Male', '03/02/2026', '2300', '36', 'Yes'],
    ]);

    const rows = await t.db('newborn_notifications').where({ reference_number: reference });
    expect(rows).toHaveLength(1);
    const n = rows[0];
    const user = await t.db('users').where({ username: 'demo.provider' }).first();
    const rosa = await t.db('members').where({ member_id: '5634026' }).first();
    const hospital = await t.db('providers').where({ npi: '1546789011' }).first();
    expect(n).toMatchObject({
      organization_id: user.organization_id, submitted_by: user.id, mother_member_id: rosa.id, facility_provider_id: hospital.id,
      delivery_date: '2026-03-02', delivery_time: '14:30', delivery_type: 'cesarean', contact_name: 'Pat Office', contact_phone: '(555) 201-3344',
    });
    const babies = await t.db('newborns').where({ notification_id: n.id }).orderBy('position');
    expect(babies.map((b) => [b.position, b.first_name, b.last_name, b.sex, b.date_of_birth, b.birth_weight_grams, b.gestational_age_weeks, Boolean(b.nicu_admission)])).toEqual([
      [1, 'Baby Girl', 'Parkway', 'female', '2026-03-02', 2450, 36, false],
      [2, 'Baby Boy', 'Parkway', 'male', '2026-03-02', 2300, 36, true],
    ]);

    // The form starts afresh, with a new one-time id.
    const fresh = await browser.visit('/prior-auth/newborn');
    expect(fresh.valueOf("Mother's member ID")).toBe('');
    expect(journeyIdIn(fresh.url)).not.toBe(n.form_id);
  });
});

describe('babies are added and removed without JavaScript', () => {
  test('Remove baby 2 takes out that baby only and keeps the others as typed', async () => {
    const browser = await readyForm(2);
    await press(browser, 'Add another baby', {}, [AVA, LEO]);
    const third = { ...LEO, 'First name': 'Max', 'Birth weight (grams)': '2100' };
    const page = await press(browser, 'Remove baby 2', {}, [AVA, LEO, third]);
    expect(browser.statuses).toEqual([303, 200]);
    expect(page.texts('fieldset legend').filter((l) => /^Baby \d$/.test(l))).toEqual(['Baby 1', 'Baby 2']);
    expect(babyValue(page, 1, 'First name')).toBe('Ava');
    expect(babyValue(page, 2, 'First name')).toBe('Max');
    expect(babyValue(page, 2, 'Birth weight (grams)')).toBe('2100');
    expect(babyValue(page, 2, 'NICU admission')).toBe('Yes');
    expect(page.valueOf("Mother's member ID")).toBe('');
  });

  test('eight babies at most: then "Add another baby" is no longer offered', async () => {
    const browser = await openForm();
    for (let i = 1; i < 8; i++) await press(browser, 'Add another baby');
    expect(babyBlock(browser.page, 8)).toBeTruthy();
    expect(() => browser.page.formWithButton('Add another baby')).toThrow();
    const forged = await browser.post(browser.page.url, { ...formFor(browser, 'Submit notification', {}).data, action: 'add-baby' });
    expect(forged.texts('fieldset legend').filter((l) => /^Baby \d+$/.test(l))).toHaveLength(8);
  });
});

describe('each problem gets a specific message, in the summary and by the field, and every value stays', () => {
  test('an empty form asks for every field', async () => {
    const browser = await openForm();
    const formId = journeyIdIn(browser.page.url);
    const page = await press(browser, 'Submit notification');
    expectErrors(page, [
      ['motherMemberId', "Enter the mother's member ID"],
      ['deliveryDate', 'Enter the delivery date'],
      ['deliveryTime', 'Enter the delivery time'],
      ['facilityQuery', 'Search for the delivering facility, then select one of the results'],
      ['deliveryType', 'Select the delivery type'],
      ['babies-0-firstName', 'Baby 1: Enter the first name'],
      ['babies-0-lastName', 'Baby 1: Enter the last name'],
      ['babies-0-sex', 'Baby 1: Select the sex'],
      ['babies-0-dateOfBirth', 'Baby 1: Enter the date of birth'],
      ['babies-0-birthWeightGrams', 'Baby 1: Enter the birth weight in grams'],
      ['babies-0-gestationalAgeWeeks', 'Baby 1: Enter the gestational age in weeks'],
      ['babies-0-nicuAdmission', 'Baby 1: Select yes if the baby was admitted to the NICU'],
      ['contactName', 'Enter the contact name'],
      ['contactPhone', 'Enter the contact phone'],
    ]);
    expect(page.root.querySelector('#babies-0-birthWeightGrams')?.getAttribute('aria-invalid')).toBe('true');
    expect(formId).toBeTruthy();
    expect(await t.db('newborn_notifications').where({ form_id: formId })).toHaveLength(0);
  });

  const future = daysFromNow(2);
  test.each<[string, Fields, Fields, string, string]>([
    ['an unknown mother', { "Mother's member ID": '123' }, {}, 'motherMemberId', 'No member has member ID 123'],
    ['a mother not eligible on the delivery date', { "Mother's member ID": '5634025' }, {}, 'motherMemberId', 'Lee Termed is not eligible on 03/02/2026'],
    ['a member ID with symbols', { "Mother's member ID": "1' OR 1=1" }, {}, 'motherMemberId', "Mother's member ID must contain only letters, numbers and hyphens"],
    ['a delivery date in the future', { 'Delivery date': future }, {}, 'deliveryDate', 'Delivery date must be today or in the past'],
    ['a delivery date in words', { 'Delivery date': 'March 2' }, {}, 'deliveryDate', 'Enter the delivery date as MM/DD/YYYY, like 03/25/2026'],
    ['a delivery time with am/pm', { 'Delivery time': '2:30 pm' }, {}, 'deliveryTime', 'Enter the delivery time as HH:MM on the 24-hour clock, like 14:30'],
    ['a delivery time of 24:00', { 'Delivery time': '24:00' }, {}, 'deliveryTime', 'Enter the delivery time as HH:MM on the 24-hour clock, like 14:30'],
    ['a short phone number', { 'Contact phone': '555-0100' }, {}, 'contactPhone', 'Enter the contact phone as a 10-digit US number, like 312-555-0142'],
    ['a contact name of 61 characters', { 'Contact name': 'P'.repeat(61) }, {}, 'contactName', 'Contact name must be 60 characters or fewer'],
    ['no birth weight', {}, { 'Birth weight (grams)': '' }, 'babies-1-birthWeightGrams', 'Baby 2: Enter the birth weight in grams'],
    ['a birth weight of 150 grams', {}, { 'Birth weight (grams)': '150' }, 'babies-1-birthWeightGrams', 'Baby 2: Birth weight must be between 200 and 7000 grams'],
    ['a birth weight of 7001 grams', {}, { 'Birth weight (grams)': '7001' }, 'babies-1-birthWeightGrams', 'Baby 2: Birth weight must be between 200 and 7000 grams'],
    ['a birth weight in kilograms', {}, { 'Birth weight (grams)': '2.3kg' }, 'babies-1-birthWeightGrams', 'Baby 2: Birth weight must be a whole number of grams, like 3250'],
    ['a gestational age of 19 weeks', {}, { 'Gestational age (weeks)': '19' }, 'babies-1-gestationalAgeWeeks', 'Baby 2: Gestational age must be between 20 and 45 weeks'],
    ['a gestational age of 46 weeks', {}, { 'Gestational age (weeks)': '46' }, 'babies-1-gestationalAgeWeeks', 'Baby 2: Gestational age must be between 20 and 45 weeks'],
    ['a birth before the delivery date', {}, { 'Date of birth': '03/01/2026' }, 'babies-1-dateOfBirth', 'Baby 2: Date of birth must be on or after the delivery date'],
    ['a birth in the future', {}, { 'Date of birth': future }, 'babies-1-dateOfBirth', 'Baby 2: Date of birth must be today or in the past'],
    ['a date of birth that is not a real date', {}, { 'Date of birth': '02/30/2026' }, 'babies-1-dateOfBirth', 'Baby 2: Date of birth must be a real date'],
    ['a first name of 61 characters', {}, { 'First name': 'L'.repeat(61) }, 'babies-1-firstName', 'Baby 2: First name must be 60 characters or fewer'],
    ['Baby Boy with another last name', {}, { 'First name': 'Baby Boy', 'Last name': 'Smith' }, 'babies-1-lastName', "Baby 2: Last name must be the mother's last name, Parkway, when the first name is Baby Boy"],
    ['Baby Boy for a girl', {}, { 'First name': 'Baby Boy', Sex: 'Female' }, 'babies-1-sex', 'Baby 2: Sex must be Male when the first name is Baby Boy'],
  ])('%s', async (_case, deliveryChanges, secondBabyChanges, id, message) => {
    const browser = await readyForm(2);
    const fields = { ...DELIVERY, ...deliveryChanges, 'Delivering facility': FACILITY };
    const second = { ...LEO, ...secondBabyChanges };
    const page = await press(browser, 'Submit notification', fields, [AVA, second]);
    expectErrors(page, [[id, message]]);
    for (const [label, value] of Object.entries(fields)) expect([label, shownValue(page, label)]).toEqual([label, value]);
    for (const [label, value] of Object.entries(AVA)) expect([label, babyValue(page, 1, label)]).toEqual([label, value]);
    for (const [label, value] of Object.entries(second)) expect([label, babyValue(page, 2, label)]).toEqual([label, value]);
  });

  test.each([
    ['', "Enter the provider's NPI, plan provider number or name"],
    ['12345', 'An NPI has 10 digits'],
    ['1234567890', '1234567890 is not a valid NPI: check the digits'],
    ['Nobody Atall', 'No providers match "Nobody Atall". Search by NPI, plan provider number (like PRV100001) or name'],
  ])('Find provider with "%s" gets "%s" and keeps what was typed', async (query, message) => {
    const browser = await openForm();
    const page = await press(browser, 'Find provider', { ...DELIVERY, 'Provider search': query }, [AVA]);
    expectErrors(page, [['facilityQuery', message]]);
    expect(page.valueOf('Provider search')).toBe(query);
    expect(page.valueOf("Mother's member ID")).toBe('5634026');
    expect(babyValue(page, 1, 'Birth weight (grams)')).toBe('2450');
  });

  test('a search with no facility chosen, and a facility that was never offered, each ask to select one', async () => {
    const browser = await openForm();
    await press(browser, 'Find provider', { 'Provider search': 'clinic' });
    const none = await press(browser, 'Submit notification', DELIVERY, [AVA]);
    expectErrors(none, [['facilityId', 'Select the delivering facility']]);
    const { url, data } = formFor(browser, 'Submit notification', DELIVERY, [AVA]);
    const gonzalez = await t.db('providers').where({ npi: '1987654328' }).first();
    const forged = await browser.post(url, { ...data, facilityId: String(gonzalez.id) });
    expectErrors(forged, [['facilityId', 'Select the delivering facility']]);
  });
});

describe('a notification is sent once, however often the form is posted', () => {
  test('the same form posted twice gives the same confirmation page and one notification', async () => {
    const browser = await readyForm(1);
    const { url, data } = formFor(browser, 'Submit notification', DELIVERY, [AVA]);
    const first = await browser.post(url, data);
    expect(browser.statuses).toEqual([303, 200]);
    const second = await browser.post(url, data);
    expect(browser.statuses).toEqual([303, 200]);
    expect(second.url).toBe(first.url);
    expect(referenceOf(second)).toBe(referenceOf(first));
    expect(await t.db('newborn_notifications').where({ form_id: journeyIdIn(url) })).toHaveLength(1);
  });

  test('two posts at the same moment store one notification and answer with the same page', async () => {
    const browser = await readyForm(1);
    const { url, data } = formFor(browser, 'Submit notification', DELIVERY, [AVA]);
    const [a, b] = await Promise.all([browser.agent.post(url).type('form').send(data), browser.agent.post(url).type('form').send(data)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.location).toMatch(/^\/prior-auth\/newborn\/notifications\/\d{9}$/);
    expect(b.headers.location).toBe(a.headers.location);
    expect(await t.db('newborn_notifications').where({ form_id: journeyIdIn(url) })).toHaveLength(1);
  });

  test('any button of a form already sent goes to what it sent', async () => {
    const browser = await readyForm(1);
    const { url, data } = formFor(browser, 'Submit notification', DELIVERY, [AVA]);
    const sent = await browser.post(url, data);
    const again = await browser.post(url, { ...data, action: 'add-baby' });
    expect(again.url).toBe(sent.url);
  });

  test('a post to a form that is not in progress (removed, or never given out) sends nothing and keeps what was typed in a new one', async () => {
    const browser = await readyForm(1);
    const { url, data } = formFor(browser, 'Submit notification', DELIVERY, [AVA]);
    const formId = '00000000-0000-4000-8000-000000000000';
    const page = await browser.post(url.replace(/[0-9a-f-]{36}/, formId), data);
    expect(page.url).toMatch(/^\/prior-auth\/newborn\/[0-9a-f-]{36}\/notification$/);
    expect(journeyIdIn(page.url)).not.toBe(journeyIdIn(url));
    expect(page.text('.notice--success')).toBe('This form had expired. Check the details below, then press the button again.');
    expect(page.valueOf("Mother's member ID")).toBe('5634026');
    expect(babyValue(page, 1, 'First name')).toBe('Ava');
    expect(await t.db('newborn_notifications').where({ form_id: formId })).toHaveLength(0);
  });
});

describe('the confirmation page belongs to the organization that sent the notification', () => {
  test('a colleague sees it; another organization gets 404, as for a reference that does not exist', async () => {
    const browser = await readyForm(1);
    const sent = await press(browser, 'Submit notification', DELIVERY, [AVA]);
    expect(sent.status).toBe(200);

    const colleague = await signedIn(t.app, 'demo.admin');
    expect(referenceOf(await colleague.visit(sent.url))).toBe(referenceOf(sent));

    const outsider = await signedIn(t.app, 'demo.provider2');
    const denied = await outsider.visit(sent.url);
    const missing = await outsider.visit('/prior-auth/newborn/notifications/000000001');
    expect(denied.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(denied.h1).toBe(missing.h1);
    expect(denied.mainText).not.toContain('Parkway');
  });
});

describe('two tabs', () => {
  test('hold two notifications in progress that never mix, and each is sent on its own', async () => {
    const browser = await signedIn(t.app);
    const tabA = (await browser.visit('/prior-auth/newborn')).url;
    const tabB = (await browser.visit('/prior-auth/newborn')).url;
    expect(tabA).not.toBe(tabB);
    await browser.visit(tabA);
    await browser.submit('Find provider', { "Mother's member ID": '5634026', 'Provider search': 'Northside' });
    await browser.visit(tabB);
    await browser.submit('Find provider', { "Mother's member ID": '5634024', 'Provider search': 'Lakeview' });
    expect((await browser.visit(tabA)).valueOf("Mother's member ID")).toBe('5634026');
    expect((await browser.visit(tabB)).valueOf("Mother's member ID")).toBe('5634024');
  });
});

describe('the mother and the delivering facility (issue 9, item 14)', () => {
  beforeAll(async () => {
    await insertMember(t.db, { memberId: '5634099', medicaidId: null, firstName: 'Sam', lastName: 'Unrecorded', dateOfBirth: '1990-01-01', gender: 'Unknown', eligibility: [{ planName: 'OpenPA Community Health Plan', startDate: '2020-01-01', endDate: '2030-12-31' }] });
  });

  async function submitWith(fields: Fields, facility = FACILITY, search = '1546789011'): Promise<{ browser: Browser; page: Page }> {
    const browser = await openForm();
    await press(browser, 'Find provider', { 'Provider search': search });
    const page = await press(browser, 'Submit notification', { ...DELIVERY, ...fields, 'Delivering facility': facility }, [AVA]);
    return { browser, page };
  }

  test('a member recorded as male is refused as the mother', async () => {
    const { page } = await submitWith({ "Mother's member ID": '5634024' });
    expectErrors(page, [['motherMemberId', "Dino Saur, member ID 5634024, is recorded as male: enter the mother's member ID"]]);
  });

  test('a mother whose sex is not recorded is sent only once the office ticks "I confirm ..."', async () => {
    const { browser, page } = await submitWith({ "Mother's member ID": '5634099' });
    expectErrors(page, [['motherConfirmed', 'The plan has no sex recorded for Sam Unrecorded: check the member ID, then confirm that Sam Unrecorded is the mother']]);
    const box = page.root.querySelector('#motherConfirmed');
    expect(box?.getAttribute('type')).toBe('checkbox');
    expect(box?.hasAttribute('checked')).toBe(false);
    const label = 'I confirm that member 5634099 is the mother of the babies in this notification';
    expect(page.controlByLabel(page.root, label)).toBe(box);
    const sent = await press(browser, 'Submit notification', { [label]: '5634099' }, [{ ...AVA, 'Last name': 'Unrecorded' }]);
    expect(sent.h1).toBe('Newborn delivery notification sent');
    expect(sent.mainText).toContain('Sam Unrecorded, member ID 5634099');
  });

  test('a confirmation given for one member ID does not carry over to another', async () => {
    const { browser } = await submitWith({ "Mother's member ID": '5634099' });
    const { url, data } = formFor(browser, 'Submit notification', {}, [AVA]);
    const page = await browser.post(url, { ...data, motherConfirmed: '5634026' });
    expectErrors(page, [['motherConfirmed', 'The plan has no sex recorded for Sam Unrecorded: check the member ID, then confirm that Sam Unrecorded is the mother']]);
  });

  test('a clinic is refused as the delivering facility; the hospital and the birth center are accepted, with their taxonomy shown', async () => {
    const { page } = await submitWith({}, 'Northside Family Clinic (NPI 1234567893)', '1234567893');
    expectErrors(page, [['facilityId', 'Northside Family Clinic is not a hospital or birth center: select the facility where the delivery took place']]);
    const hospital = await submitWith({});
    expect(hospital.page.h1).toBe('Newborn delivery notification sent');
    const browser = await openForm();
    const found = await press(browser, 'Find provider', { 'Provider search': 'Prairie' });
    expect(found.texts('.radios__hint')).toEqual(['Plan provider number PRV100007 · Birth center · Birthing center (taxonomy 261QB0400X) · 45 Meadow Lane, Springfield, IL 62704']);
    const sent = await press(browser, 'Submit notification', { ...DELIVERY, 'Delivering facility': 'Prairie Birth Center (NPI 1765432103)' }, [AVA]);
    expect(sent.h1).toBe('Newborn delivery notification sent');
  });

  test('a search that finds nothing shows its message alone, not the results of the search before it (item 18)', async () => {
    const browser = await openForm();
    await press(browser, 'Find provider', { 'Provider search': '1546789011' });
    const page = await press(browser, 'Find provider', { 'Provider search': 'Nobody Atall' });
    expect(page.status).toBe(422);
    expect(page.mainText).not.toContain('Springfield General Hospital');
  });

  test('Enter in a text field submits the notification: the first submit button in source order is the main action (item 17)', async () => {
    const browser = await openForm();
    const { form } = browser.page.formWithButton('Submit notification');
    const first = form.querySelector('button[type=submit]');
    expect([first?.getAttribute('name'), first?.getAttribute('value')]).toEqual(['action', 'submit']);
    expect(first?.getAttribute('tabindex')).toBe('-1');
    expect(first?.getAttribute('aria-hidden')).toBe('true');
  });
});
