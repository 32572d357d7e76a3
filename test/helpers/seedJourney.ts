import crypto from 'node:crypto';
import type { Db } from '../../src/db/database';
import { insertJourney } from '../../src/db/repositories/journeys';
import { requestSteps } from '../../src/journeys/priorAuth/flow';
import { newJourney, type Journey } from '../../src/journeys/priorAuth/journey';
import { PRIOR_AUTH } from '../../src/journeys/priorAuth/kind';
import { stepUrl } from '../../src/journeys/priorAuth/urls';

/** The answers of a complete request for Dino Saur: drug testing, Maria Gonzalez, F11.20 and 80324. */
async function defaultAnswers(db: Db): Promise<Journey['answers']> {
  const provider = await db('providers').where({ npi: '1987654328' }).first('id');
  return {
    careSetting: { careSetting: 'outpatient', categoryId: 'drug-testing' },
    provider: { providerId: provider.id },
    service: { startDate: '2026-03-02', endDate: '2026-03-02', treatmentType: 'Laboratory', placeOfService: '11' },
    diagnoses: ['F11.20'],
    diagnosesConfirmed: true,
    procedures: [{ code: '80324', system: 'CPT', units: 1 }],
    proceduresConfirmed: true,
    contact: { contactName: 'Pat Office', contactPhone: '(555) 201-3344', contactPhoneExt: '', contactFax: '(555) 201-3345', contactEmail: '' },
  };
}

/** Which answers each step of the flow gives, so that a journey "at" a step has every earlier one answered. */
const ANSWERS_OF: Record<string, (keyof Journey['answers'])[]> = {
  'care-setting': ['careSetting'],
  'servicing-provider': ['provider'],
  'service-details': ['service'],
  diagnoses: ['diagnoses', 'diagnosesConfirmed'],
  procedures: ['procedures', 'proceduresConfirmed'],
  contact: ['contact'],
  review: [],
};

export interface SeedOptions {
  username?: string;
  memberId?: string;
  dateOfService?: string;
  /** The step the journey is at: every step before it is answered (the review when not given). */
  at?: string;
  /** Answers to use instead of the defaults (merged over them). */
  answers?: Partial<Journey['answers']>;
  clinical?: Journey['clinical'];
}

/**
 * A request in progress, made directly in the database at any step, so that a step's tests start
 * there instead of walking every page before it. Returns its id and the address of that step.
 */
export async function seedRequestJourney(db: Db, options: SeedOptions = {}): Promise<{ id: string; url: string; journey: Journey }> {
  const user = await db('users').where({ username: options.username ?? 'demo.provider' }).first();
  const member = await db('members').where({ member_id: options.memberId ?? '5634024' }).first();
  const at = options.at ?? 'review';
  const id = crypto.randomUUID();
  const journey = newJourney({ id, userId: user.id, memberId: member.id, dateOfService: options.dateOfService ?? '2026-03-02', authorizationNumber: `EPS-${String(crypto.randomInt(1e8)).padStart(8, '0')}` });
  const defaults = { ...(await defaultAnswers(db)), ...options.answers };
  for (const step of requestSteps) {
    if (step.slug === at) break;
    const keys = ANSWERS_OF[step.slug];
    if (!keys) throw new Error(`seedRequestJourney does not know the answers of step ${step.slug}`);
    for (const key of keys) (journey.answers as Record<string, unknown>)[key] = defaults[key];
  }
  // Answers of steps a test added to the flow are kept as given.
  const known = new Set(Object.values(ANSWERS_OF).flat());
  for (const [key, value] of Object.entries(options.answers ?? {})) if (!known.has(key)) journey.answers[key] = value;
  journey.clinical = options.clinical ?? {};
  await insertJourney(db, { id, kind: PRIOR_AUTH, userId: user.id, organizationId: user.organization_id, state: journey });
  return { id, url: stepUrl(journey, at), journey };
}
