import Joi from 'joi';
import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { seedRequestJourney } from '../helpers/seedJourney';
import { requestSteps } from '../../src/journeys/priorAuth/flow';
import type { Step } from '../../src/journeys/priorAuth/step';
import { requiredText, textOf } from '../../src/validation';
import { findJourneyById } from '../../src/db/repositories/journeys';
import { findUserByUsername } from '../../src/db/repositories/users';
import { findMemberById } from '../../src/db/repositories/members';
import { priorAuthKind, PRIOR_AUTH } from '../../src/journeys/priorAuth/kind';
import { submitJourney } from '../../src/journeys/priorAuth/submit';
import type { Journey } from '../../src/journeys/priorAuth/journey';

/**
 * The engine with steps a test adds to the request's flow: a step declared as data (its fields, its
 * schema, how it saves, its row on the review) needs nothing else to appear in the journey; and a
 * save that loses a race with another write is applied again or refused, never lost silently.
 */

/** A throwaway question page: one step file's worth of declaration, drawn by the generic question view. */
const referralStep: Step = {
  slug: 'referral',
  title: 'Referral',
  view: 'journeys/question',
  fields: [{ id: 'referralNumber', label: 'Referral number', hint: 'The number on the referral from the primary care provider' }],
  isComplete: (journey) => typeof journey.answers.referral === 'string',
  storedValues: (journey) => ({ referralNumber: String(journey.answers.referral ?? '') }),
  schema: () => Joi.object({ referralNumber: requiredText('referral number', 20) }),
  save(journey, value) {
    journey.answers.referral = value.referralNumber;
  },
  summary: (ctx) => [{ key: 'Referral number', value: String(ctx.journey.answers.referral ?? '') }],
};

/** Writes the journey's version from "another tab" while the action runs, as a race would. */
let racesLeft = 0;
const noteStep: Step = {
  slug: 'note',
  title: 'Note',
  view: 'journeys/question',
  fields: [{ id: 'note', label: 'Note', optional: true }],
  isComplete: () => true,
  storedValues: (journey) => ({ note: String(journey.answers.note ?? '') }),
  actions: {
    async continue(ctx, body) {
      if (racesLeft-- > 0) await ctx.db('journeys').where({ id: ctx.record.id }).increment('version', 1);
      ctx.journey.answers.note = textOf(body.note);
      return { kind: 'stay' };
    },
    async append(ctx, body) {
      if (racesLeft-- > 0) await ctx.db('journeys').where({ id: ctx.record.id }).increment('version', 1);
      ctx.journey.answers.note = `${String(ctx.journey.answers.note ?? '')}${textOf(body.note)}`;
      return { kind: 'stay' };
    },
  },
  reapplyOnConflict: ['append'],
};

const steps = [...requestSteps.slice(0, -2), referralStep, ...requestSteps.slice(-2, -1), noteStep, ...requestSteps.slice(-1)];

let t: TestApp;
let browser: Browser;
beforeAll(async () => {
  t = await startTestApp({ requestSteps: steps });
  browser = await signedIn(t.app);
});
afterAll(async () => t.close());

const noteOf = async (id: string) => JSON.parse((await t.db('journeys').where({ id }).first('answers')).answers).answers.note;

describe('a step added to the flow', () => {
  test('is asked in its place, and the review shows its answer with a link back to it', async () => {
    const { id, url } = await seedRequestJourney(t.db, { at: 'review' });
    const asked = await browser.visit(url);
    expect(asked.url).toBe(`/prior-auth/${id}/referral`);
    expect(asked.h1).toBe('Referral');
    expect(asked.root.querySelector('a.back-link')?.getAttribute('href')).toBe(`/prior-auth/${id}/procedures`);

    const empty = await browser.submit('Continue');
    expect(empty.status).toBe(422);
    expect(empty.errorSummary).toEqual([{ href: '#referralNumber', message: 'Enter the referral number' }]);

    const review = await browser.submit('Continue', { 'Referral number': 'R-20417' });
    expect(review.url).toBe(`/prior-auth/${id}/review`);
    const row = review.root.querySelectorAll('.summary-list__row').find((r) => r.querySelector('dt')?.text.trim() === 'Referral number');
    expect(row?.querySelector('dd')?.text.trim()).toBe('R-20417');
    expect(row?.querySelector('a')?.getAttribute('href')).toBe(`/prior-auth/${id}/referral`);
  });
});

describe('a save that loses a race', () => {
  test('is refused with the answers as saved, and a message that says it was not saved, when the action depends on them', async () => {
    const { id } = await seedRequestJourney(t.db, { at: 'review', answers: { referral: 'R-1', note: 'first' } });
    const page = await browser.visit(`/prior-auth/${id}/note`);
    racesLeft = 1;
    const refused = await browser.submit('Continue', { Note: 'second' });
    expect(refused.status).toBe(409);
    expect(refused.text('.notice--important')).toBe(
      'This request was changed in another tab or window, so what you just sent was not saved. The page now shows the request as it was saved: check it and try again.',
    );
    expect(refused.valueOf('Note')).toBe('first');
    expect(await noteOf(id)).toBe('first');
    expect(page.status).toBe(200);
  });

  test('is applied again to the fresh answers when the action is safe to repeat', async () => {
    const { id } = await seedRequestJourney(t.db, { at: 'review', answers: { referral: 'R-1', note: 'a' } });
    await browser.visit(`/prior-auth/${id}/note`);
    racesLeft = 2;
    const res = await browser.agent.post(`/prior-auth/${id}/note`).type('form').send({ _csrf: browser.csrfToken, note: 'b', action: 'append' });
    expect(res.status).toBe(303);
    expect(await noteOf(id)).toBe('ab');
    expect(racesLeft).toBe(-1);
  });
});

describe('submitting a request another tab changed meanwhile', () => {
  test('sends nothing: the submit rolls back and says the request changed, and a fresh submit then goes through once', async () => {
    const { id } = await seedRequestJourney(t.db, { at: 'review', answers: { referral: 'R-1', procedures: [{ code: '99213', system: 'CPT', units: 1 }], careSetting: { careSetting: 'outpatient', categoryId: 'office-visits' } } });
    const record = await findJourneyById<Journey>(t.db, id, PRIOR_AUTH);
    if (!record) throw new Error('seeded journey not found');
    const user = await findUserByUsername(t.db, 'demo.provider');
    const member = await findMemberById(t.db, record.state.memberId);
    if (!user || !member) throw new Error('demo data missing');
    const ctx = { db: t.db, journey: record.state, record, user, member, flow: priorAuthKind(steps).flow, audit: async () => undefined };
    // Another tab saves after this one read the journey.
    await t.db('journeys').where({ id }).increment('version', 1);
    expect(await submitJourney(ctx)).toEqual({ kind: 'changed' });
    expect(await t.db('auth_requests').where({ journey_id: id })).toHaveLength(0);
    expect((await t.db('journeys').where({ id }).first()).status).toBe('in-progress');

    const fresh = await findJourneyById<Journey>(t.db, id, PRIOR_AUTH);
    if (!fresh) throw new Error('journey gone');
    const submitted = await submitJourney({ ...ctx, journey: fresh.state, record: fresh });
    expect(submitted.kind).toBe('submitted');
    expect(await t.db('auth_requests').where({ journey_id: id })).toHaveLength(1);
  });
});

describe('a submit that loses a race over HTTP', () => {
  /** The real review page, whose Submit finds the request saved by another tab after the engine read it. */
  const review = requestSteps[requestSteps.length - 1] as Step;
  const racingReview: Step = {
    ...review,
    actions: {
      ...review.actions,
      async submit(ctx, body, arg) {
        await ctx.db('journeys').where({ id: ctx.record.id }).increment('version', 1);
        const submit = review.actions?.submit;
        if (!submit) throw new Error('the review page has no Submit');
        return submit(ctx, body, arg);
      },
    },
  };
  let racing: TestApp;
  beforeAll(async () => {
    racing = await startTestApp({ requestSteps: [...requestSteps.slice(0, -1), racingReview] });
  });
  afterAll(async () => racing.close());

  test('the review page says the request changed (409), shows it as saved, and nothing was sent', async () => {
    const office = new Browser(racing.app);
    await office.signIn();
    const { id } = await seedRequestJourney(racing.db, { at: 'review', answers: { procedures: [{ code: '99213', system: 'CPT', units: 1 }], careSetting: { careSetting: 'outpatient', categoryId: 'office-visits' } } });
    await office.visit(`/prior-auth/${id}/review`);
    const page = await office.submit('Submit Request');
    expect(page.status).toBe(409);
    expect(page.h1).toBe('Authorization Request');
    expect(page.text('.notice--important')).toMatch(/was changed in another tab or window, so what you just sent was not saved/);
    expect(await racing.db('auth_requests').where({ journey_id: id })).toHaveLength(0);
    expect((await racing.db('journeys').where({ id }).first()).status).toBe('in-progress');
  });
});
