import crypto from 'node:crypto';
import { withdrawEveryRequest } from '../helpers/duplicates';
import request from 'supertest';
import { Browser, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { seedRequestJourney } from '../helpers/seedJourney';
import { removeExpiredJourneys } from '../../src/journeys/engine/removal';

/**
 * The journey engine as a provider meets it: answers that two tabs or two requests at once never
 * overwrite, buttons that name nothing but the page's own actions, the list of requests in progress,
 * and the addresses of a journey once it has been submitted.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterEach(async () => withdrawEveryRequest(t.db));
afterAll(async () => t.close());

async function answersOf(id: string): Promise<{ careSetting?: { careSetting: string; categoryId: string }; diagnoses: string[] }> {
  const row = await t.db('journeys').where({ id }).first('answers');
  return JSON.parse(row.answers).answers;
}

const NOT_SAVED = /was changed in another tab or window, so what you just sent was not saved/;

describe('two tabs and requests at the same moment never lose an answer', () => {
  test('20 care-setting posts at once on two journeys of one session: each journey keeps one of its own answers, and every post was saved or said it was not', async () => {
    const browser = await signedIn(t.app);
    const a = await seedRequestJourney(t.db, { at: 'care-setting' });
    const b = await seedRequestJourney(t.db, { at: 'care-setting' });
    await browser.visit(a.url);
    const csrf = browser.csrfToken;
    // Journey A is always inpatient, journey B always outpatient: a mix-up between them would show.
    const posts = Array.from({ length: 20 }, (_, i) => {
      const [journey, careSetting, categories] = i % 2 === 0 ? [a, 'inpatient', ['medical-admission', 'surgical-admission']] : [b, 'outpatient', ['drug-testing', 'advanced-imaging']];
      const categoryId = categories[Math.floor(i / 2) % 2] ?? '';
      return { journey, categoryId, sent: browser.agent.post(journey.url).type('form').send({ _csrf: csrf, careSetting, categoryId, action: 'continue' }) };
    });
    const answers = await Promise.all(posts.map(async (p) => ({ ...p, res: await p.sent })));
    for (const { res } of answers) {
      expect([303, 409]).toContain(res.status);
      if (res.status === 409) expect(res.text).toMatch(NOT_SAVED);
    }
    for (const [journey, setting] of [[a, 'inpatient'], [b, 'outpatient']] as const) {
      const saved = (await answersOf(journey.id)).careSetting;
      expect(saved?.careSetting).toBe(setting);
      // What is saved is the answer of a post that was told it was saved.
      const confirmed = answers.filter((x) => x.journey === journey && x.res.status === 303).map((x) => x.categoryId);
      expect(confirmed.length).toBeGreaterThan(0);
      expect(confirmed).toContain(saved?.categoryId);
    }
  });

  test('10 "Add diagnosis" posts at once with different codes on one journey: every code is on the request', async () => {
    const browser = await signedIn(t.app);
    const { id, url } = await seedRequestJourney(t.db, { at: 'diagnoses', answers: { diagnoses: [] } });
    await browser.visit(url);
    const codes = (await t.db('codes').where({ system: 'ICD10CM', billable: true }).whereNot({ code: 'F11.20' }).orderBy('code').limit(10).pluck('code')) as string[];
    expect(codes).toHaveLength(10);
    const responses = await Promise.all(codes.map((code) => browser.agent.post(url).type('form').send({ _csrf: browser.csrfToken, diagnosisCode: code, action: 'add' })));
    const added = codes.filter((_, i) => responses[i]?.status === 303);
    for (const [i, res] of responses.entries()) if (res.status !== 303) expect({ code: codes[i], status: res.status, saidNotSaved: NOT_SAVED.test(res.text) }).toEqual({ code: codes[i], status: 409, saidNotSaved: true });
    expect(new Set((await answersOf(id)).diagnoses)).toEqual(new Set(added));
    // Adding a code depends on nothing else the request says, so a lost race is applied again rather than refused.
    expect(added).toEqual(codes);
    const page = await browser.visit(url);
    expect(page.texts('#code-list tbody td:first-child').map((c) => c.replace(/ Primary$/, '')).sort()).toEqual([...codes].sort());
  });
});

describe('a button only ever names one of the page’s own actions', () => {
  test.each(['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString', 'constructor:x'])('action=%s is refused with 400 on the wizard and the newborn form, and changes nothing', async (action) => {
    const browser = await signedIn(t.app);
    const { id, url } = await seedRequestJourney(t.db, { at: 'diagnoses' });
    await browser.visit(url);
    const before = await t.db('journeys').where({ id }).first('version', 'answers');
    const res = await browser.agent.post(url).type('form').send({ _csrf: browser.csrfToken, diagnosisCode: 'I10', action });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The form could not be read');
    expect(await t.db('journeys').where({ id }).first('version', 'answers')).toEqual(before);

    const newborn = await browser.visit('/prior-auth/newborn');
    const posted = await browser.agent.post(newborn.url).type('form').send({ _csrf: browser.csrfToken, motherMemberId: '5634026', action });
    expect(posted.status).toBe(400);
  });
});

describe('requests in progress', () => {
  test('the Prior Authorization page lists them with the member, the codes, the last change and when each will be removed; Resume goes to the first unanswered step', async () => {
    const browser = await signedIn(t.app);
    const early = await seedRequestJourney(t.db, { at: 'diagnoses', memberId: '5634026' });
    const late = await seedRequestJourney(t.db, { at: 'review', answers: { procedures: [{ code: '72148', system: 'CPT', units: 1 }] } });
    await t.db('journeys').where({ id: early.id }).update({ updated_at: '2026-11-20T15:04:00.000Z' });
    const page = await browser.visit('/prior-auth');
    const rows = page.root.querySelectorAll('#in-progress tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim()));
    const mine = rows.filter((r) => r[1]?.includes('Rosa Parkway') || r[2]?.includes('72148'));
    expect(mine).toHaveLength(2);
    const rosa = mine.find((r) => r[1]?.includes('Rosa Parkway'));
    expect(rosa?.[0]).toBe('Authorization request');
    expect(rosa?.[1]).toBe('Rosa Parkway (member ID 5634026)');
    expect(rosa?.[2]).toBe('Date of service 03/02/2026, no procedure codes yet');
    expect(rosa?.[4]).toBe('12/20/2026');
    const resume = page.root.querySelectorAll('#in-progress a').find((a) => a.text.includes('Resume') && a.text.includes('Rosa Parkway'));
    expect(resume?.getAttribute('href')).toBe(early.url);
    expect(mine.find((r) => r[2]?.includes('72148'))?.[2]).toBe('Date of service 03/02/2026, codes 72148');
    expect((await browser.visit(late.url)).h1).toBe('Authorization Request');
  });

  test('Discard asks first, then the request is gone from the list and its address says it is no longer in progress', async () => {
    const browser = await signedIn(t.app, 'demo.admin');
    const { id, url } = await seedRequestJourney(t.db, { username: 'demo.admin', at: 'contact' });
    const list = await browser.visit('/prior-auth');
    const discard = list.root.querySelectorAll('#in-progress a').find((a) => a.text.startsWith('Discard'));
    const confirm = await browser.visit(discard?.getAttribute('href') ?? '');
    expect(confirm.h1).toBe('Cancel this request?');
    const done = await browser.submit('Yes, cancel the request');
    expect(done.text('.notice--success')).toBe('The request was cancelled. Nothing was sent to the plan.');
    expect(done.text('#in-progress')).toContain('You have no requests in progress.');
    expect((await browser.visit(url)).h1).toBe('This request is no longer in progress');
    expect((await t.db('journeys').where({ id }).first()).status).toBe('discarded');
  });

  test('one untouched for more than 30 days is not listed and its address says so at once; the removal job then deletes it', async () => {
    const browser = await signedIn(t.app, 'demo.provider2');
    const { id, url } = await seedRequestJourney(t.db, { username: 'demo.provider2', at: 'contact' });
    const fresh = await seedRequestJourney(t.db, { username: 'demo.provider2', at: 'contact' });
    await t.db('journeys').where({ id }).update({ updated_at: new Date(Date.now() - 31 * 86_400_000).toISOString() });
    const list = await browser.visit('/prior-auth');
    const resumes = list.root.querySelectorAll('#in-progress a').map((a) => a.getAttribute('href'));
    expect(resumes).toContain(fresh.url);
    expect(resumes).not.toContain(url);
    const expired = await browser.visit(url);
    expect(expired.status).toBe(404);
    expect(expired.root.querySelector('main a[href="/prior-auth/in-progress"]')).toBeNull();
    expect(expired.root.querySelector('main a[href="/prior-auth#in-progress"]')?.text).toBe('requests in progress');
    // Viewing the list removes nothing: the job does, on its own clock.
    expect(await t.db('journeys').where({ id }).first()).toBeDefined();
    await removeExpiredJourneys(t.db, new Date());
    expect(await t.db('journeys').where({ id }).first()).toBeUndefined();
    expect(await t.db('journeys').where({ id: fresh.id }).first()).toBeDefined();
    // A clock 31 days on finds the other one past its time too.
    await removeExpiredJourneys(t.db, new Date(Date.now() + 31 * 86_400_000));
    expect(await t.db('journeys').where({ id: fresh.id }).first()).toBeUndefined();
  });

  test('a newborn notification in progress is listed too, and survives signing out and in again', async () => {
    const browser = await signedIn(t.app);
    const form = await browser.visit('/prior-auth/newborn');
    await browser.submit('Find provider', { "Mother's member ID": '5634026', 'Delivery date': '03/02/2026', 'Provider search': 'Northside' });
    await browser.submit('Sign out');
    await browser.signIn();
    const list = await browser.visit('/prior-auth');
    const row = list.root.querySelectorAll('#in-progress tbody tr').find((tr) => tr.text.includes("Mother's member ID 5634026"));
    expect(row?.querySelector('td')?.text.trim()).toBe('Newborn delivery notification');
    const resume = row?.querySelectorAll('a').find((a) => a.text.startsWith('Resume'))?.getAttribute('href');
    expect(resume).toBe(form.url);
    const again = await browser.visit(resume ?? '');
    expect(again.valueOf("Mother's member ID")).toBe('5634026');
    expect(again.valueOf('Delivery date')).toBe('03/02/2026');
  });
});

describe('the addresses of a submitted request', () => {
  async function submitted(): Promise<{ id: string; url: string; reference: string }> {
    const browser = await signedIn(t.app);
    const { id, url } = await seedRequestJourney(t.db, { at: 'review', clinical: {} });
    await browser.visit(url);
    // 80324 needs the questionnaire: answer it through its page, then submit.
    const clinical = await browser.visit(`/prior-auth/${id}/document-clinical/80324`);
    const legends = clinical.root.querySelectorAll('fieldset legend').map((l) => l.text.replace(/\s+/g, ' ').trim());
    await browser.submit('Continue', Object.fromEntries(legends.map((l) => [l, 'Yes'])));
    const results = await browser.submit('Submit Request');
    const reference = /Reference #: (\d{9})/.exec(results.mainText)?.[1] ?? '';
    expect(reference).toMatch(/^\d{9}$/);
    return { id, url, reference };
  }

  function expectSubmittedPage(page: Page, reference: string) {
    expect(page.status).toBe(200);
    expect(page.h1).toBe('This request has been submitted');
    expect(page.mainText).toMatch(new RegExp(`This request was submitted on \\d{2}/\\d{2}/\\d{4} as reference ${reference}`));
    expect(page.root.querySelector(`main a[href="/prior-auth/requests/${reference}"]`)?.text).toBe(`View request ${reference}`);
  }

  test('after signing in again, and for a colleague, every step address says it was submitted, with a link to it', async () => {
    const { id, reference } = await submitted();
    const again = await signedIn(t.app);
    for (const slug of ['care-setting', 'diagnoses', 'review', 'document-clinical/80324']) expectSubmittedPage(await again.visit(`/prior-auth/${id}/${slug}`), reference);
    const colleague = await signedIn(t.app, 'demo.admin');
    expectSubmittedPage(await colleague.visit(`/prior-auth/${id}/review`), reference);
    expect(await t.db('auth_requests').where({ journey_id: id })).toHaveLength(1);
  });

  test('another organization gets the same 404 as for a journey that never existed', async () => {
    const { id } = await submitted();
    const outsider = await signedIn(t.app, 'demo.provider2');
    const page = await outsider.visit(`/prior-auth/${id}/review`);
    const none = await outsider.visit('/prior-auth/00000000-0000-4000-8000-000000000000/review');
    expect(page.status).toBe(404);
    expect(page.mainText).toBe(none.mainText);
  });

  test('a request submitted before journeys had rows is still found through the request itself', async () => {
    const { id, reference } = await submitted();
    await t.db('journeys').where({ id }).del();
    expectSubmittedPage(await (await signedIn(t.app, 'demo.admin')).visit(`/prior-auth/${id}/contact`), reference);
  });
});

describe('work in progress from before journeys had rows', () => {
  test('a request and a newborn form held in a stored session move into rows the first time that session is used', async () => {
    const user = await t.db('users').where({ username: 'demo.provider' }).first();
    const { journey } = await seedRequestJourney(t.db, { at: 'procedures' });
    await t.db('journeys').where({ id: journey.id }).del();
    const formId = '11111111-1111-4111-8111-111111111111';
    const sid = 'legacy-session-id-0123456789abcdef';
    const store = t.app.locals.sessionStore;
    const legacy = {
      cookie: { originalMaxAge: 1_800_000, expires: new Date(Date.now() + 1_800_000).toISOString(), httpOnly: true, path: '/', sameSite: 'lax' },
      userId: user.id,
      signedInAt: Date.now(),
      journeys: { [journey.id]: journey },
      newbornDrafts: { [formId]: { formId, values: { motherMemberId: '5634026' }, babies: [{ firstName: 'Ava' }] } },
    };
    await new Promise<void>((resolve, reject) => store.set(sid, legacy as never, (err) => (err ? reject(err) : resolve())));
    // The cookie express-session would have set: the id signed with the session secret (cookie-signature's format).
    const signed = `s:${sid}.${crypto.createHmac('sha256', 'test-secret-test-secret-test-secret-123').update(sid).digest('base64').replace(/=+$/, '')}`;
    const cookie = `openpa.sid=${encodeURIComponent(signed)}`;

    const review = await request(t.app).get(`/prior-auth/${journey.id}/procedures`).set('Cookie', cookie);
    expect(review.status).toBe(200);
    expect(review.text).toContain('Procedure codes');
    expect((await t.db('journeys').where({ id: journey.id }).first()).kind).toBe('prior-auth');
    const newborn = await request(t.app).get(`/prior-auth/newborn/${formId}/notification`).set('Cookie', cookie);
    expect(newborn.status).toBe(200);
    expect(newborn.text).toContain('value="5634026"');
    const kept = await new Promise<Record<string, unknown>>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err) : resolve(s as never))));
    expect(kept.journeys).toBeUndefined();
    expect(kept.newbornDrafts).toBeUndefined();
  });
});
