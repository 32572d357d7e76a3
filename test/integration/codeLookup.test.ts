import request from 'supertest';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { seedRequestJourney } from '../helpers/seedJourney';

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  browser = await signedIn(t.app);
});
afterAll(async () => t.close());

/** Each result row as the cells a person reads. */
function rows(page: Page): string[][] {
  return page.root.querySelectorAll('#codes tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim()));
}

async function search(q: string, type: 'Diagnosis' | 'Procedure'): Promise<Page> {
  await browser.visit('/codes');
  return browser.submit('Search', { 'Search codes': q, 'Code type': type });
}

test('the page is in the navigation, with a labelled search field, a Code type drop-down and a Search button', async () => {
  const home = await browser.visit('/');
  expect(home.root.querySelector('nav.side-nav a[href="/codes"]')?.text).toBe('Code lookup');
  const page = await browser.visit('/codes');
  expect(page.status).toBe(200);
  expect(page.h1).toBe('Code lookup');
  expect(page.title).toBe('Code lookup - OpenPA');
  expect(page.root.querySelector('nav.side-nav a[href="/codes"]')?.getAttribute('aria-current')).toBe('page');
  expect(page.controlByLabel(page.root, 'Search codes').getAttribute('name')).toBe('q');
  const type = page.controlByLabel(page.root, 'Code type');
  expect(type.tagName).toBe('SELECT');
  expect(type.querySelectorAll('option').map((o) => o.text.trim())).toEqual(['Diagnosis or procedure', 'Diagnosis', 'Procedure']);
  expect(page.formWithButton('Search').form.getAttribute('method')).toBe('get');
  expect(page.root.querySelector('#codes')).toBeNull();
});

test('words find diagnosis codes, F11.20 first for "opioid dependence", in a table with a caption', async () => {
  const page = await search('opioid dependence', 'Diagnosis');
  expect(page.status).toBe(200);
  expect(page.url).toBe('/codes?q=opioid+dependence&type=diagnosis');
  expect(page.text('#codes caption')).toBe('Diagnosis codes matching "opioid dependence"');
  expect(page.texts('#codes thead th')).toEqual(['Code', 'Description', 'In force']);
  expect(rows(page)[0]).toEqual(['F11.20', 'Opioid dependence, uncomplicated', 'Since 10/01/2025']);
  expect(rows(page).every((r) => /opioid dependence/i.test(r[1] ?? ''))).toBe(true);
  // What was typed stays in the form.
  expect(page.valueOf('Search codes')).toBe('opioid dependence');
  expect(page.valueOf('Code type')).toBe('diagnosis');
});

test('a code with or without the dot comes first; a category says so and lists the codes under it', async () => {
  expect(rows(await search('f1120', 'Diagnosis'))[0]?.[0]).toBe('F11.20');
  const category = await search('F11.2', 'Diagnosis');
  expect(category.text('#results .notice')).toBe('F11.2 is a category: a request needs one of the more specific codes below.');
  expect(rows(category).map((r) => r[0]).slice(0, 3)).toEqual(['F11.20', 'F11.21', 'F11.220']);
});

test('72148 tells whether prior authorization is required, for which care setting, and why, in the words of the rules and without their ids', async () => {
  const page = await search('72148', 'Procedure');
  expect(page.texts('#codes thead th')).toEqual(['Code', 'Description', 'In force', 'Prior authorization']);
  const [row] = rows(page);
  expect(row?.[0]).toBe('72148');
  const notes = page.root.querySelectorAll('#codes tbody tr')[0]?.querySelectorAll('li').map((li) => li.text.replace(/\s+/g, ' ').trim());
  expect(notes).toEqual([
    'Outpatient (Advanced imaging): Authorization required (clinical questionnaire: Advanced imaging) MRI of the lumbar spine needs authorization under the advanced imaging criteria.',
    "Inpatient: Clinical review required Every inpatient admission is reviewed by the plan's clinical staff.",
  ]);
  expect(row?.[1]).toBe('MRI of the lower back (lumbar spine) without contrast');
  expect(page.mainText).toContain('Based on the coverage rules in force from 01/01/2026.');
  expect(page.mainText).not.toContain('2026.1');
});

test('the page\'s own example, 72148, is found with the code type left as it comes: both kinds are searched', async () => {
  const page = await browser.visit('/codes');
  expect(page.valueOf('Code type')).toBe('any');
  const found = await browser.submit('Search', { 'Search codes': '72148' });
  expect(found.url).toBe('/codes?q=72148&type=any');
  expect(rows(found)[0]?.slice(0, 2)).toEqual(['72148', 'MRI of the lower back (lumbar spine) without contrast']);
  expect(found.texts('#codes thead th')).toEqual(['Code', 'Description', 'In force', 'Prior authorization']);
  const diagnosis = await browser.submit('Search', { 'Search codes': 'F11.20' });
  expect(rows(diagnosis)[0]?.[0]).toBe('F11.20');
  expect(diagnosis.texts('#codes thead th')).toEqual(['Code', 'Description', 'In force']);
  expect((await browser.visit('/codes?q=72148')).status).toBe(200);
});

test('a code no rule matches says what happens, not that no rule matches', async () => {
  const page = await search('E0470', 'Procedure');
  expect(page.mainText).not.toContain('No rule matches');
  expect(page.mainText).toContain('No coverage rule: a request is pended for clinical review');
});

test.each([
  ['99213', 'Outpatient: No authorization required'],
  ['E0625', 'Outpatient: Not a covered benefit'],
  ['E0470', 'Outpatient: No coverage rule: a request is pended for clinical review'],
])('procedure %s: "%s"', async (code, note) => {
  const page = await search(code, 'Procedure');
  expect(page.root.querySelectorAll('#codes tbody tr')[0]?.querySelector('li')?.text.replace(/\s+/g, ' ').trim()).toMatch(new RegExp(`^${note.replace(/[()]/g, '\\$&')}`));
});

test('procedure words search CPT and HCPCS together', async () => {
  const page = await search('drug test', 'Procedure');
  const codes = rows(page).map((r) => r[0]);
  expect(codes).toEqual(expect.arrayContaining(['80324', 'G0480']));
});

test('an empty search gets 422 with the error summary and the inline message, which agree', async () => {
  const page = await search('  ', 'Procedure');
  expect(page.status).toBe(422);
  expect(page.title).toBe('Error: Code lookup - OpenPA');
  expect(page.errorSummary).toEqual([{ href: '#q', message: 'Enter a code or words of its description' }]);
  expect(page.inlineErrors).toEqual(['Enter a code or words of its description']);
  expect(page.root.querySelector('#q')?.getAttribute('aria-invalid')).toBe('true');
  expect(page.valueOf('Code type')).toBe('procedure');
});

test('a made-up code type and an overlong search are refused; FTS syntax is just words', async () => {
  const badType = await browser.visit('/codes?q=F11&type=snomed');
  expect(badType.status).toBe(422);
  expect(badType.errorSummary).toEqual([{ href: '#type', message: 'Select the code type' }]);
  const long = await browser.visit(`/codes?q=${'a'.repeat(101)}&type=diagnosis`);
  expect(long.errorSummary).toEqual([{ href: '#q', message: 'Search codes must be 100 characters or fewer' }]);
  for (const q of ['" OR *', 'NEAR(', 'pain) OR (']) {
    const page = await browser.visit(`/codes?${new URLSearchParams({ q, type: 'diagnosis' }).toString()}`);
    expect(page.status).toBe(200);
  }
  const none = await search('zzqx nothing', 'Diagnosis');
  expect(none.text('#results p')).toBe('No diagnosis codes match "zzqx nothing". Check the spelling, or search by the start of the code.');
});

test('at most 50 rows, and the page says there are more', async () => {
  const lines = Array.from({ length: 60 }, (_, i) => ({ system: 'ICD10CM', code: `Q99.${String(i).padStart(2, '0')}`, compact: `Q99${String(i).padStart(2, '0')}`, description: `Test anomaly ${i}`, billable: true, effective_from: '2025-10-01', effective_to: null }));
  await t.db('codes').insert(lines);
  const page = await search('Q99', 'Diagnosis');
  expect(rows(page)).toHaveLength(50);
  expect(page.text('#results .hint')).toBe('Showing the first 50 matches. Add words, or more of the code, to narrow the search.');
  expect(rows(await search('test anomaly', 'Diagnosis'))).toHaveLength(50);
});

test('signed-out visitors are sent to sign in', async () => {
  const res = await request(t.app).get('/codes?q=F11&type=diagnosis');
  expect(res.status).toBe(303);
  expect(res.headers.location).toMatch(/^\/sign-in/);
});

describe('the words offices use', () => {
  test('"dm2" finds type 2 diabetes first on Code lookup, saying which synonym found it', async () => {
    const page = await search('dm2', 'Diagnosis');
    expect(rows(page)[0]).toEqual(['E11.9', 'Type 2 diabetes mellitus without complications matched: dm2 -> type 2 diabetes mellitus', 'Since 10/01/2025']);
  });

  test('a code found by its own words says nothing more', async () => {
    expect(rows(await search('opioid dependence', 'Diagnosis')).some((r) => /matched:/.test(r[1] ?? ''))).toBe(false);
  });

  test('the wizard\'s diagnosis field shows the same results, in the same order, with the same note', async () => {
    const { url } = await seedRequestJourney(t.db, { at: 'diagnoses', answers: { diagnoses: [] } });
    await browser.visit(url);
    const wizard = await browser.submit('Add diagnosis', { 'Diagnosis code': 'dm2' });
    const wizardRows = wizard.root.querySelectorAll('#search-results tbody tr').map((tr) => tr.querySelectorAll('td').slice(0, 2).map((td) => td.text.replace(/\s+/g, ' ').trim()));
    const lookupRows = rows(await search('dm2', 'Diagnosis')).map((r) => r.slice(0, 2));
    expect(wizardRows[0]).toEqual(['E11.9', 'Type 2 diabetes mellitus without complications matched: dm2 -> type 2 diabetes mellitus']);
    expect(wizardRows).toEqual(lookupRows.slice(0, wizardRows.length));
  });

  test('one slip in a long word still finds it, saying what it was read as', async () => {
    const page = await search('radiculopahty', 'Diagnosis');
    expect(rows(page)[0]?.slice(0, 2)).toEqual(['M54.10', 'Radiculopathy, site unspecified matched: radiculopahty -> radiculopathy']);
  });
});
