import type { Db } from '../database';
import { isServiceType, serviceTypeDescription } from '../../domain/serviceTypes';
import { isPostgres } from '../dialect';

/** Reading submitted requests: what a request became, units already requested, a request's page. Writing is in requestSubmission.ts. */

export async function referenceForJourney(db: Db, journeyId: string): Promise<string | undefined> {
  const row = await db('auth_requests').where({ journey_id: journeyId }).first('reference_number');
  return row?.reference_number;
}

/** The request a journey became, when it belongs to the organization. */
export async function requestSubmittedFromJourney(db: Db, journeyId: string, organizationId: number): Promise<{ reference: string; submittedAt: string } | undefined> {
  const row = await db('auth_requests').where({ journey_id: journeyId, organization_id: organizationId }).first('reference_number', 'submitted_at');
  return row ? { reference: row.reference_number, submittedAt: row.submitted_at } : undefined;
}

/**
 * Units of a code already requested for a member with a from date in the calendar year, by the current
 * version of each authorization (a version replaced by an update no longer counts), leaving out one
 * authorization (the one being updated, whose new version replaces its units).
 */
export async function unitsRequested(db: Db, memberId: number, code: string, year: number, exceptAuthorization?: string): Promise<number> {
  // From the member's requests to their lines of this code (CROSS JOIN and INDEXED BY keep SQLite to
  // that plan): a member has a few requests, while a common code has lines on thousands of others'.
  // PostgreSQL's planner weighs both ways by its statistics and has no such hints.
  const from = isPostgres(db)
    ? 'auth_requests JOIN request_lines ON request_lines.request_id = auth_requests.id'
    : 'auth_requests CROSS JOIN request_lines INDEXED BY request_lines_request_id_code_index ON request_lines.request_id = auth_requests.id';
  const row = await db
    .from(db.raw(from))
    .where('auth_requests.member_id', memberId)
    .where('request_lines.code', code)
    .whereBetween('request_lines.from_date', [`${year}-01-01`, `${year}-12-31`])
    .whereNull('auth_requests.superseded_by')
    .modify((q) => {
      if (exceptAuthorization) q.whereNot('auth_requests.authorization_number', exceptAuthorization);
    })
    .sum<{ units: number | null }[]>({ units: 'request_lines.units' })
    .first();
  return Number(row?.units ?? 0);
}

/** What a request says of its service and whom to contact: as submitted, and as read back. */
export interface RequestServiceAndContact {
  startDate: string;
  endDate: string;
  treatmentType: string;
  placeOfService: string;
  contactName: string;
  contactPhone: string;
  contactPhoneExt: string | null;
  contactFax: string;
  contactEmail: string | null;
}

export interface RequestDetail extends RequestServiceAndContact {
  id: number;
  referenceNumber: string;
  authorizationNumber: string;
  /** Which version of its authorization this is (1 for a request never updated), and the version that replaced it, if any (issue 14). */
  version: number;
  supersededById: number | null;
  organizationId: number;
  memberId: number;
  member: { memberId: string; firstName: string; lastName: string; dateOfBirth: string; gender: string };
  careSetting: string;
  categoryId: string;
  categoryName: string;
  requestType: string;
  provider: { name: string; npi: string };
  servicingProviderId: number;
  status: string;
  submittedAt: string;
  submittedBy: string;
  organizationName: string;
  priority: 'standard' | 'expedited';
  expeditedReason: string | null;
  /** Why the office submitted it although it had a live request for the same service (the duplicate warning). */
  duplicateReason: string | null;
  dueAt: string;
  extensionDays: number | null;
  extensionReason: string | null;
  /** The plan reviewer who has the request, if any. */
  assignedTo: { id: number; name: string } | null;
  diagnoses: { code: string; description: string | null }[];
  lines: {
    id: number;
    ruleId: string | null;
    /** How many decisions the line has had: the compare-and-set a new decision is made against. */
    decisionCount: number;
    certificationNumber: string | null;
    lineNumber: number;
    code: string;
    codeSystem: string;
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
  return findRequest(db, referenceNumber, organizationId);
}

/** A request as the plan reviews it: any provider organization's. */
export async function findRequestForPlan(db: Db, referenceNumber: string): Promise<RequestDetail | undefined> {
  return findRequest(db, referenceNumber);
}

async function findRequest(db: Db, referenceNumber: string, organizationId?: number): Promise<RequestDetail | undefined> {
  const query = db('auth_requests as r')
    .join('members as m', 'm.id', 'r.member_id')
    .join('providers as p', 'p.id', 'r.servicing_provider_id')
    .join('service_categories as c', 'c.id', 'r.category_id')
    // A request from the API has its client, not a user, as submitter (issue 15).
    .leftJoin('users as u', 'u.id', 'r.submitted_by')
    .leftJoin('api_clients as ac', 'ac.id', 'r.api_client_id')
    .leftJoin('places_of_service as pos', 'pos.code', 'r.place_of_service')
    .join('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('users as a', 'a.id', 'r.assigned_to')
    .where('r.reference_number', referenceNumber);
  if (organizationId !== undefined) query.where('r.organization_id', organizationId);
  const row = await query.first(
      'r.*', 'o.name as organization_name', 'a.display_name as assigned_name',
      'm.member_id as m_member_id', 'm.first_name as m_first_name', 'm.last_name as m_last_name',
      'm.date_of_birth as m_date_of_birth', 'm.gender as m_gender',
      'p.name as p_name', 'p.npi as p_npi', 'c.name as category_name', db.raw('coalesce(u.display_name, ac.name) as submitted_by_name'), 'pos.name as place_name',
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
    version: Number(row.version ?? 1),
    supersededById: row.superseded_by ?? null,
    organizationId: row.organization_id,
    memberId: row.member_id,
    member: { memberId: row.m_member_id, firstName: row.m_first_name, lastName: row.m_last_name, dateOfBirth: row.m_date_of_birth, gender: row.m_gender },
    careSetting: row.care_setting,
    categoryId: row.category_id,
    categoryName: row.category_name,
    requestType: row.request_type,
    provider: { name: row.p_name, npi: row.p_npi },
    servicingProviderId: row.servicing_provider_id,
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
    organizationName: row.organization_name,
    priority: row.priority,
    expeditedReason: row.expedited_reason ?? null,
    duplicateReason: row.duplicate_reason ?? null,
    dueAt: row.due_at,
    extensionDays: row.extension_days ?? null,
    extensionReason: row.extension_reason ?? null,
    assignedTo: row.assigned_to ? { id: row.assigned_to, name: row.assigned_name } : null,
    diagnoses: diagnoses.map((d) => ({ code: d.code, description: d.description ?? null })),
    lines: lines.map((l) => ({
      id: l.id,
      ruleId: l.rule_id ?? null,
      decisionCount: l.decision_count,
      certificationNumber: l.certification_number ?? null,
      lineNumber: l.line_number,
      code: l.code,
      codeSystem: l.code_system,
      description: isServiceType(l.code_system) ? serviceTypeDescription(l.code) : (l.description ?? null),
      units: l.units,
      fromDate: l.from_date,
      toDate: l.to_date,
      status: l.status,
      authorizedUnits: l.authorized_units,
      authorizedDate: l.authorized_date,
    })),
  };
}
