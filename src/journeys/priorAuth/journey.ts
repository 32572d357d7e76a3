import type { SessionData } from 'express-session';
import type { CareSetting } from '../../domain/coverage';
import type { CodeSystem } from '../../domain/codeFormats';
import type { Answers } from '../../domain/questionnaire';

/** One procedure line as the provider entered it. The first line is the primary procedure. */
export interface ProcedureEntry {
  code: string;
  system: CodeSystem;
  units: number;
}

/** A request in progress. Only validated values are stored in `answers`. */
export interface Journey {
  id: string;
  userId: number;
  memberId: number;
  dateOfService: string;
  authorizationNumber: string;
  createdAt: string;
  answers: {
    careSetting?: { careSetting: CareSetting; categoryId: string };
    provider?: { providerId: number };
    service?: { startDate: string; endDate: string; treatmentType: string; placeOfService: string };
    /** ICD-10-CM codes with the dot; the first is the primary diagnosis. */
    diagnoses: string[];
    diagnosesConfirmed?: boolean;
    procedures: ProcedureEntry[];
    proceduresConfirmed?: boolean;
    contact?: { contactName: string; contactPhone: string; contactPhoneExt: string; contactFax: string; contactEmail: string };
  };
  /** Per procedure code: the questionnaire answered for it, and whether its criteria were met. */
  clinical: Record<string, { questionnaireId: string; answers: Answers; criteriaMet: boolean }>;
  /** What a search on a step last looked for, so the results show again after Post/Redirect/Get. */
  searches: { provider?: string; diagnosis?: string; procedure?: string; procedureUnits?: string };
  submittedReference?: string;
}

/** A session holds at most this many requests in progress; the oldest goes first. */
const MAX_JOURNEYS = 10;

export function newJourney(init: Pick<Journey, 'id' | 'userId' | 'memberId' | 'dateOfService' | 'authorizationNumber'>): Journey {
  return { ...init, createdAt: new Date().toISOString(), answers: { diagnoses: [], procedures: [] }, clinical: {}, searches: {} };
}

export function findJourney(session: Partial<SessionData>, id: string, userId: number): Journey | undefined {
  const journey = session.journeys?.[id];
  return journey && journey.userId === userId ? journey : undefined;
}

export function saveJourney(session: Partial<SessionData>, journey: Journey): void {
  const journeys = { ...(session.journeys ?? {}), [journey.id]: journey };
  const ids = Object.values(journeys)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((j) => j.id);
  for (const old of ids.slice(MAX_JOURNEYS)) delete journeys[old];
  session.journeys = journeys;
}

export function discardJourney(session: Partial<SessionData>, id: string): void {
  if (session.journeys) delete session.journeys[id];
}
