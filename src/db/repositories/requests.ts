import type { Db } from '../database';
import type { LineStatus } from '../../domain/coverage';
import type { CodeSystem } from '../../domain/codeFormats';
import { decidedAtSubmit } from './statusHistory';
import { isUniqueViolation, withFreshReference } from './uniqueReference';

export interface NewRequestLine {
  lineNumber: number;
  code: string;
  codeSystem: CodeSystem;
  units: number;
  fromDate: string;
  toDate: string;
  ruleId: string | null;
  status: LineStatus;
  authorizedUnits: number | null;
  authorizedDate: string | null;
  questionnaire?: { id: string; response: object; criteriaMet: boolean };
}

export interface NewRequest {
  journeyId: string;
  authorizationNumber: string;
  organizationId: number;
  submittedBy: number;
  memberId: number;
  careSetting: string;
  categoryId: string;
  requestType: string;
  servicingProviderId: number;
  startDate: string;
  endDate: string;
  treatmentType: string;
  placeOfService: string;
  contactName: string;
  contactPhone: string;
  contactPhoneExt: string | null;
  contactFax: string;
  contactEmail: string | null;
  status: LineStatus;
  submittedAt: string;
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
        const [requestId] = await trx('auth_requests').insert({
          reference_number: referenceNumber,
          authorization_number: request.authorizationNumber,
          journey_id: request.journeyId,
          organization_id: request.organizationId,
          submitted_by: request.submittedBy,
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
        });
        await trx('request_diagnoses').insert(request.diagnoses.map((code, i) => ({ request_id: requestId, position: i + 1, code })));
        await trx('status_history').insert({ request_id: requestId, status: 'Submitted', changed_at: request.submittedAt, changed_by: request.submittedBy });
        for (const line of request.lines) {
          const [lineId] = await trx('request_lines').insert({
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
          });
          if (line.questionnaire) {
            await trx('questionnaire_responses').insert({
              request_line_id: lineId,
              questionnaire_id: line.questionnaire.id,
              response: JSON.stringify(line.questionnaire.response),
              criteria_met: line.questionnaire.criteriaMet,
              authored_at: request.submittedAt,
              attested_by: request.submittedBy,
            });
          }
          await trx('status_history').insert({
            request_id: requestId,
            request_line_id: lineId,
            status: line.status,
            changed_at: request.submittedAt,
            ...(await decidedAtSubmit(trx, request.submittedBy)),
          });
        }
        await alsoInTransaction?.(trx, referenceNumber);
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err, 'auth_requests', 'journey_id')) throw new DuplicateSubmissionError(request.journeyId);
    throw err;
  }
}

export async function referenceForJourney(db: Db, journeyId: string): Promise<string | undefined> {
  const row = await db('auth_requests').where({ journey_id: journeyId }).first('reference_number');
  return row?.reference_number;
}

/** The request a journey became, when it belongs to the organization. */
export async function requestSubmittedFromJourney(db: Db, journeyId: string, organizationId: number): Promise<{ reference: string; submittedAt: string } | undefined> {
  const row = await db('auth_requests').where({ journey_id: journeyId, organization_id: organizationId }).first('reference_number', 'submitted_at');
  return row ? { reference: row.reference_number, submittedAt: row.submitted_at } : undefined;
}

/** Units of a code already requested for a member with a from date in the calendar year. */
export async function unitsRequested(db: Db, memberId: number, code: string, year: number): Promise<number> {
  // From the member's requests to their lines of this code (CROSS JOIN and INDEXED BY keep SQLite to
  // that plan): a member has a few requests, while a common code has lines on thousands of others'.
  const row = await db
    .from(db.raw('auth_requests CROSS JOIN request_lines INDEXED BY request_lines_request_id_code_index ON request_lines.request_id = auth_requests.id'))
    .where('auth_requests.member_id', memberId)
    .where('request_lines.code', code)
    .whereBetween('request_lines.from_date', [`${year}-01-01`, `${year}-12-31`])
    .sum<{ units: number | null }[]>({ units: 'request_lines.units' })
    .first();
  return Number(row?.units ?? 0);
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

export interface RequestDetail {
  id: number;
  referenceNumber: string;
  authorizationNumber: string;
  organizationId: number;
  memberId: number;
  member: { memberId: string; firstName: string; lastName: string; dateOfBirth: string; gender: string };
  careSetting: string;
  categoryName: string;
  requestType: string;
  provider: { name: string; npi: string };
  startDate: string;
  endDate: string;
  treatmentType: string;
  placeOfService: string;
  contactName: string;
  contactPhone: string;
  contactPhoneExt: string | null;
  contactFax: string;
  contactEmail: string | null;
  status: string;
  submittedAt: string;
  submittedBy: string;
  diagnoses: { code: string; description: string | null }[];
  lines: {
    lineNumber: number;
    code: string;
    description: string | null;
    units: number;
    fromDate: string;
    toDate: string;
    status: string;
    authorizedUnits: number | null;
    authorizedDate: string | null;
  }[];
}

/** A request, only if it belongs to the organization: another organization's request is not found at all. */
export async function findRequestForOrganization(db: Db, organizationId: number, referenceNumber: string): Promise<RequestDetail | undefined> {
  const row = await db('auth_requests as r')
    .join('members as m', 'm.id', 'r.member_id')
    .join('providers as p', 'p.id', 'r.servicing_provider_id')
    .join('service_categories as c', 'c.id', 'r.category_id')
    .join('users as u', 'u.id', 'r.submitted_by')
    .leftJoin('places_of_service as pos', 'pos.code', 'r.place_of_service')
    .where('r.reference_number', referenceNumber)
    .where('r.organization_id', organizationId)
    .first(
      'r.*',
      'm.member_id as m_member_id', 'm.first_name as m_first_name', 'm.last_name as m_last_name',
      'm.date_of_birth as m_date_of_birth', 'm.gender as m_gender',
      'p.name as p_name', 'p.npi as p_npi', 'c.name as category_name', 'u.display_name as submitted_by_name', 'pos.name as place_name',
    );
  if (!row) return undefined;
  const diagnoses = await db('request_diagnoses as d')
    .leftJoin('codes as k', (j) => j.on('k.code', 'd.code').andOnVal('k.system', 'ICD10CM'))
    .where('d.request_id', row.id)
    .orderBy('d.position')
    .select('d.code', 'k.description');
  const lines = await db('request_lines as l')
    .leftJoin('codes as k', (j) => j.on('k.code', 'l.code').andOn('k.system', 'l.code_system'))
    .where('l.request_id', row.id)
    .orderBy('l.line_number')
    .select('l.*', 'k.description');
  return {
    id: row.id,
    referenceNumber: row.reference_number,
    authorizationNumber: row.authorization_number,
    organizationId: row.organization_id,
    memberId: row.member_id,
    member: { memberId: row.m_member_id, firstName: row.m_first_name, lastName: row.m_last_name, dateOfBirth: row.m_date_of_birth, gender: row.m_gender },
    careSetting: row.care_setting,
    categoryName: row.category_name,
    requestType: row.request_type,
    provider: { name: row.p_name, npi: row.p_npi },
    startDate: row.start_date,
    endDate: row.end_date,
    treatmentType: row.treatment_type,
    placeOfService: row.place_name ? `${row.place_of_service} - ${row.place_name}` : row.place_of_service,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    contactPhoneExt: row.contact_phone_ext,
    contactFax: row.contact_fax,
    contactEmail: row.contact_email,
    status: row.status,
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by_name,
    diagnoses: diagnoses.map((d) => ({ code: d.code, description: d.description ?? null })),
    lines: lines.map((l) => ({
      lineNumber: l.line_number,
      code: l.code,
      description: l.description ?? null,
      units: l.units,
      fromDate: l.from_date,
      toDate: l.to_date,
      status: l.status,
      authorizedUnits: l.authorized_units,
      authorizedDate: l.authorized_date,
    })),
  };
}
