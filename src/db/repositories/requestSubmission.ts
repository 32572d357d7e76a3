import type { Db } from '../database';
import type { SERVICE_TYPE_SYSTEM } from '../../domain/serviceTypes';
import { insertedId } from '../results';
import type { LineStatus } from '../../domain/coverage';
import type { CodeSystem } from '../../domain/codeFormats';
import { certificationNumber } from '../../domain/lineDecisions';
import { decisionDue, type Priority } from '../../domain/reviewClock';
import type { RequestServiceAndContact } from './requests';
import { decidedAtSubmit } from './statusHistory';
import { isUniqueViolation, withFreshReference } from './uniqueReference';
import { insertLineDecision } from './lineDecisions';

/** Writing a submitted request, and the counters its numbers come from. Reading is in requests.ts. */

export interface NewRequestLine {
  lineNumber: number;
  code: string;
  /** A procedure code's system, or an X12 service type's (a PAS request may name one, issue 15). */
  codeSystem: CodeSystem | typeof SERVICE_TYPE_SYSTEM;
  units: number;
  fromDate: string;
  toDate: string;
  ruleId: string | null;
  status: LineStatus;
  authorizedUnits: number | null;
  authorizedDate: string | null;
  questionnaire?: { id: string; response: object; criteriaMet: boolean };
  /** Answers sent through the API that answer no questionnaire of the plan, kept as sent (issue 15). */
  answersAsSent?: { id: string; response: object }[];
}

export interface NewRequest extends RequestServiceAndContact {
  journeyId: string;
  authorizationNumber: string;
  organizationId: number;
  /** The user who submitted it; null for a request from the API, submitted by its client. */
  submittedBy: number | null;
  apiClientId?: number | null;
  memberId: number;
  careSetting: string;
  categoryId: string;
  requestType: string;
  servicingProviderId: number;
  status: LineStatus;
  submittedAt: string;
  /** Standard unless the office marked it expedited (with its reason). */
  priority?: Priority;
  expeditedReason?: string | null;
  /** When the plan's decision is due: decisionDue from the time it was received, unless given. */
  dueAt?: string;
  diagnoses: string[];
  lines: NewRequestLine[];
}

export class DuplicateSubmissionError extends Error {}

/**
 * Stores a submitted request, its diagnoses, lines, questionnaire answers and first status entries in
 * one transaction. The reference number is drawn by `drawReference` and drawn again on the (rare)
 * clash with an existing one; a second request for the same journey throws DuplicateSubmissionError.
 */
export async function insertSubmittedRequest(
  db: Db,
  request: NewRequest,
  drawReference: () => string,
  /** More to write in the same transaction (the journey marked as submitted). */
  alsoInTransaction?: (trx: Db, referenceNumber: string) => Promise<void>,
): Promise<string> {
  try {
    return await withFreshReference('auth_requests', drawReference, (referenceNumber) =>
      db.transaction(async (trx) => {
        const requestId = insertedId(await trx('auth_requests').insert({
          reference_number: referenceNumber,
          authorization_number: request.authorizationNumber,
          journey_id: request.journeyId,
          organization_id: request.organizationId,
          submitted_by: request.submittedBy,
          api_client_id: request.apiClientId ?? null,
          member_id: request.memberId,
          care_setting: request.careSetting,
          category_id: request.categoryId,
          request_type: request.requestType,
          servicing_provider_id: request.servicingProviderId,
          start_date: request.startDate,
          end_date: request.endDate,
          treatment_type: request.treatmentType,
          place_of_service: request.placeOfService,
          contact_name: request.contactName,
          contact_phone: request.contactPhone,
          contact_phone_ext: request.contactPhoneExt,
          contact_fax: request.contactFax,
          contact_email: request.contactEmail,
          status: request.status,
          submitted_at: request.submittedAt,
          priority: request.priority ?? 'standard',
          expedited_reason: request.expeditedReason ?? null,
          due_at: request.dueAt ?? decisionDue(new Date(request.submittedAt), request.priority ?? 'standard').toISOString(),
        }).returning('id'));
        // A request from the API may come without a diagnosis (pended for review); knex refuses an empty insert.
        if (request.diagnoses.length > 0) await trx('request_diagnoses').insert(request.diagnoses.map((code, i) => ({ request_id: requestId, position: i + 1, code })));
        await trx('status_history').insert({ request_id: requestId, status: 'Submitted', changed_at: request.submittedAt, changed_by: request.submittedBy });
        for (const line of request.lines) {
          const lineId = insertedId(await trx('request_lines').insert(requestLineRow(requestId, {
            ...line,
            certificationNumber: line.status === 'Approved' ? certificationNumber(request.authorizationNumber, line.lineNumber) : null,
          })).returning('id'));
          for (const answered of [...(line.questionnaire ? [line.questionnaire] : []), ...(line.answersAsSent ?? []).map((a) => ({ ...a, criteriaMet: false }))]) {
            await trx('questionnaire_responses').insert({
              request_line_id: lineId,
              questionnaire_id: answered.id,
              response: JSON.stringify(answered.response),
              criteria_met: answered.criteriaMet,
              authored_at: request.submittedAt,
              attested_by: request.submittedBy,
            });
          }
          const decidedBy = await decidedAtSubmit(trx, request.submittedBy);
          await trx('status_history').insert({
            request_id: requestId,
            request_line_id: lineId,
            status: line.status,
            changed_at: request.submittedAt,
            ...decidedBy,
          });
          // Every line's outcome at submit is a decision of the coverage rules, recorded like a reviewer's.
          await insertLineDecision(trx, {
            requestId,
            lineId,
            outcome: line.status,
            authorizedUnits: line.authorizedUnits,
            authorizedFrom: line.authorizedUnits !== null ? line.fromDate : null,
            authorizedTo: line.authorizedUnits !== null ? line.toDate : null,
            certificationNumber: line.status === 'Approved' ? certificationNumber(request.authorizationNumber, line.lineNumber) : null,
            reasonCode: null,
            reasonText: null,
            decidedBy: null,
            decidedByRole: 'coverage-rules',
            rulesVersion: (decidedBy.rules_version as string | undefined) ?? null,
            decidedAt: request.submittedAt,
          });
        }
        await alsoInTransaction?.(trx, referenceNumber);
      }),
    );
  } catch (err) {
    // The journey's authorization number is its own too: PostgreSQL may find that key taken before the
    // journey's (SQLite reports the journey's). A clash with another journey's number is not mistaken
    // for a duplicate: the caller finds no request for this journey and the error stands.
    if (isUniqueViolation(err, 'auth_requests', 'journey_id') || isUniqueViolation(err, 'auth_requests', 'authorization_number') || isUniqueViolation(err, 'auth_requests', 'authorization_number, version')) throw new DuplicateSubmissionError(request.journeyId);
    throw err;
  }
}

/** A request line's row as first stored (its first decision recorded beside it): by the submit, and by a new version of an authorization. */
export function requestLineRow(
  requestId: number,
  line: { lineNumber: number; code: string; codeSystem: string; units: number; fromDate: string; toDate: string; ruleId: string | null; status: string; authorizedUnits: number | null; authorizedDate: string | null; certificationNumber: string | null },
): Record<string, string | number | null> {
  return {
    request_id: requestId,
    line_number: line.lineNumber,
    code: line.code,
    code_system: line.codeSystem,
    units: line.units,
    from_date: line.fromDate,
    to_date: line.toDate,
    rule_id: line.ruleId,
    status: line.status,
    authorized_units: line.authorizedUnits,
    authorized_date: line.authorizedDate,
    decision_count: 1,
    certification_number: line.certificationNumber,
  };
}

/** The next value of a named counter, starting after `start`; atomic because the update runs in one statement. */
export async function nextCounterValue(db: Db, name: string, start: number): Promise<number> {
  return db.transaction(async (trx) => {
    await trx('counters').insert({ name, value: start }).onConflict('name').ignore();
    await trx('counters').where({ name }).increment('value', 1);
    const row = await trx('counters').where({ name }).first('value');
    return row.value as number;
  });
}
