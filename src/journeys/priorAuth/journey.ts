import type { CareSetting } from '../../domain/coverage';
import type { CodeSystem } from '../../domain/codeFormats';
import type { Answers } from '../../domain/questionnaire';

/** One procedure line as the provider entered it. The first line is the primary procedure. */
export interface ProcedureEntry {
  code: string;
  system: CodeSystem;
  units: number;
}

/**
 * A request in progress: the answers kept in its journey row. Only validated values are stored in
 * `answers`; a step added to the flow may keep its own answer there under its slug.
 */
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
    [stepSlug: string]: unknown;
  };
  /** Per procedure code: the questionnaire answered for it, and whether its criteria were met. */
  clinical: Record<string, { questionnaireId: string; answers: Answers; criteriaMet: boolean }>;
  /** Codes whose clinical answers were dropped when the category changed: the review asks for them again. */
  clinicalAgain?: string[];
  /** What a search on a step last looked for, so the results show again after Post/Redirect/Get. */
  searches: { provider?: string; diagnosis?: string; procedure?: string; procedureUnits?: string };
}

export function newJourney(init: Pick<Journey, 'id' | 'userId' | 'memberId' | 'dateOfService' | 'authorizationNumber'>, now = new Date()): Journey {
  return { ...init, createdAt: now.toISOString(), answers: { diagnoses: [], procedures: [] }, clinical: {}, searches: {} };
}
