import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { seedRequestJourney } from '../helpers/seedJourney';

/** A code whose coverage rule is filed under another category than the request's is never accepted silently. */
let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp();
  browser = await signedIn(t.app);
});
afterAll(async () => t.close());

const MRI_ELSEWHERE = "72148 is filed under Advanced imaging, not Drug testing: change the request's category, or remove this line";
const answeredDrugTest = { '80324': { questionnaireId: 'definitive-drug-testing', answers: {}, criteriaMet: true } };

test('the procedures page says which category an MRI on a drug-testing request belongs to, and the review refuses the submit', async () => {
  const { id } = await seedRequestJourney(t.db, { at: 'review', answers: { procedures: [{ code: '80324', system: 'CPT', units: 1 }, { code: '72148', system: 'CPT', units: 1 }] } });
  const page = await browser.visit(`/prior-auth/${id}/procedures`);
  expect(page.text('#elsewhere-72148')).toBe(`${MRI_ELSEWHERE}.`);
  expect(page.root.querySelector('#elsewhere-80324')).toBeNull();
  expect(page.texts('#code-list button').filter((b) => b.startsWith('File the request under'))).toEqual(['File the request under Advanced imaging']);

  const review = await browser.visit(`/prior-auth/${id}/review`);
  expect(review.text('#line-2')).toContain(`${MRI_ELSEWHERE}.`);
  const refused = await browser.submit('Submit Request');
  expect(refused.status).toBe(422);
  expect(refused.errorSummary).toContainEqual({ href: '#line-2', message: MRI_ELSEWHERE });
  expect(await t.db('auth_requests').where({ journey_id: id })).toHaveLength(0);
});

test('filing the request under the code’s category runs the rules again and drops answers given for a rule that no longer applies', async () => {
  const { url, id } = await seedRequestJourney(t.db, {
    at: 'review',
    answers: { procedures: [{ code: '80324', system: 'CPT', units: 1 }, { code: '72148', system: 'CPT', units: 1 }] },
    clinical: answeredDrugTest,
  });
  await browser.visit(url.replace(/review$/, 'procedures'));
  const moved = await browser.submit('File the request under Advanced imaging');
  expect(moved.url).toBe(`/prior-auth/${id}/procedures`);
  expect(moved.root.querySelector('#elsewhere-72148')).toBeNull();
  expect(moved.text('#elsewhere-80324')).toBe("80324 is filed under Drug testing, not Advanced imaging: change the request's category, or remove this line.");
  const saved = JSON.parse((await t.db('journeys').where({ id }).first('answers')).answers);
  expect(saved.answers.careSetting).toEqual({ careSetting: 'outpatient', categoryId: 'advanced-imaging' });
  expect(saved.clinical).toEqual({});

  // Removing the drug test leaves a request the rules accept: the MRI now asks for its own questions.
  const removed = await browser.submit('Remove 80324');
  expect(removed.root.querySelector('#elsewhere-80324')).toBeNull();
  const review = await browser.visit(`/prior-auth/${id}/review`);
  expect(review.root.querySelector(`a[href="/prior-auth/${id}/document-clinical/72148"]`)).not.toBeNull();
});

test('a line whose questions changed with the category is named on the review as needing Document Clinical again', async () => {
  // A plan whose rules file an MRI under sleep studies too, with that category's own questions.
  const rule = { id: 'mri-for-sleep', codes: ['72148'], careSetting: 'outpatient', categories: ['sleep-studies'], requirement: 'questionnaire', questionnaire: 'sleep-study', description: 'MRI under sleep studies.' };
  await t.db('coverage_rules').insert({ id: rule.id, position: 100, definition: JSON.stringify(rule) });
  try {
    const { url, id } = await seedRequestJourney(t.db, {
      at: 'review',
      answers: { careSetting: { careSetting: 'outpatient', categoryId: 'advanced-imaging' }, procedures: [{ code: '72148', system: 'CPT', units: 1 }] },
      clinical: { '72148': { questionnaireId: 'advanced-imaging', answers: {}, criteriaMet: true } },
    });
    await browser.visit(url.replace(/review$/, 'care-setting'));
    const review = await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Sleep studies' });
    expect(review.url).toBe(`/prior-auth/${id}/review`);
    expect(review.text('#line-1')).toContain("The request's category changed, so this line's clinical questions changed: answer Document Clinical again.");
    expect(review.root.querySelector(`#line-1 a[href="/prior-auth/${id}/document-clinical/72148"]`)?.text).toContain('Document Clinical');
  } finally {
    await t.db('coverage_rules').where({ id: rule.id }).del();
  }
});

test('the procedures page looks each of its codes up once', async () => {
  const procedures = [{ code: '80324', system: 'CPT', units: 1 }, { code: '72148', system: 'CPT', units: 1 }, { code: 'E0601', system: 'HCPCS', units: 1 }] as const;
  const { id } = await seedRequestJourney(t.db, { at: 'review', answers: { procedures: [...procedures] } });
  const codeQueries: string[] = [];
  const count = (q: { sql: string }) => {
    if (/\bfrom\s+["`]?codes["`]?/i.test(q.sql)) codeQueries.push(q.sql);
  };
  t.db.on('query', count);
  try {
    const page = await browser.visit(`/prior-auth/${id}/procedures`);
    expect(page.text('#elsewhere-72148')).toBe(`${MRI_ELSEWHERE}.`);
  } finally {
    t.db.off('query', count);
  }
  expect(codeQueries).toHaveLength(procedures.length);
});
