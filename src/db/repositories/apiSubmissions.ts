import type { Db } from '../database';
import type { LineOutcome } from '../../domain/lineDecisions';
import type { Identifier } from '../../fhir/pasMapping';

/** A FHIR Identifier as a client sent it (system and value, and whatever else it carried): the API's own type. */
export type { Identifier };

/** What the Prior Authorization API (issue 15) reads to check and answer a submission. */

export async function organizationNpi(db: Db, organizationId: number): Promise<string | undefined> {
  const row = await db('organizations').where({ id: organizationId }).first('npi');
  return row?.npi ?? undefined;
}

export async function providerIdByNpi(db: Db, npi: string): Promise<number | undefined> {
  const row = await db('providers').where({ npi }).first('id');
  return row ? Number(row.id) : undefined;
}

export interface SubmittedLine {
  lineId: number;
  lineNumber: number;
  /** The item.sequence the client gave the line (the line number for a request made in the portal). */
  itemSequence: number;
  code: string;
  decisionCount: number;
  outcome: LineOutcome;
  certificationNumber: string | null;
  authorizedUnits: number | null;
  authorizedFrom: string | null;
  authorizedTo: string | null;
  startDate: string;
  endDate: string;
}

/** A request's lines as they stand, in line order. */
export async function apiSubmittedLines(db: Db, referenceNumber: string): Promise<SubmittedLine[]> {
  const rows = await db('request_lines as l')
    .join('auth_requests as r', 'r.id', 'l.request_id')
    .where('r.reference_number', referenceNumber)
    .orderBy('l.line_number')
    .select('l.id', 'l.line_number', 'l.item_sequence', 'l.code', 'l.decision_count', 'l.status', 'l.certification_number', 'l.authorized_units', 'l.from_date', 'l.to_date');
  return rows.map((r) => ({
    lineId: Number(r.id),
    lineNumber: Number(r.line_number),
    itemSequence: Number(r.item_sequence ?? r.line_number),
    code: r.code,
    decisionCount: Number(r.decision_count),
    outcome: r.status as LineOutcome,
    certificationNumber: r.certification_number ?? null,
    authorizedUnits: r.authorized_units === null ? null : Number(r.authorized_units),
    authorizedFrom: r.authorized_units === null ? null : r.from_date,
    authorizedTo: r.authorized_units === null ? null : r.to_date,
    startDate: r.from_date,
    endDate: r.to_date,
  }));
}

/**
 * What the API remembers of the Claim a request (or a version of it) came from, written in the
 * submission's transaction: its identifiers as sent and its resource id (an inquiry, a cancellation or
 * an update finds the request by them), and the item.sequence of each line it names by line number
 * (echoed as itemSequence).
 */
export async function recordApiClaim(trx: Db, referenceNumber: string, claim: { claimIdentifiers: readonly Identifier[]; claimId?: string }, itemSequences: ReadonlyMap<number, number>): Promise<void> {
  const request = await trx('auth_requests').where({ reference_number: referenceNumber }).first('id');
  const requestId = Number(request.id);
  const { claimIdentifiers } = claim;
  if (claimIdentifiers.length > 0) {
    await trx('api_claim_identifiers').insert(claimIdentifiers.map((i, n) => ({ request_id: requestId, position: n + 1, system: i.system ?? null, value: i.value, identifier: JSON.stringify(i) })));
  }
  if (claim.claimId) await trx('auth_requests').where({ id: requestId }).update({ api_claim_id: claim.claimId });
  for (const [lineNumber, sequence] of itemSequences) await trx('request_lines').where({ request_id: requestId, line_number: lineNumber }).update({ item_sequence: sequence });
}

/** How an inquiry or a cancellation names an earlier request: by its numbers, or by the Claim identifiers the client sent. */
export interface EarlierRequestKeys {
  organizationId: number;
  /** The member's id (members.member_id), when the Claim names one. */
  memberId?: string;
  referenceNumbers: readonly string[];
  authorizationNumbers: readonly string[];
  claimIdentifiers: readonly Identifier[];
  /** The ids of the Claim resources the requests came from (Claim/<id> in an update's related). */
  claimIds?: readonly string[];
  /** When given, only requests with a line for one of these codes. */
  codes?: readonly string[];
}

export interface EarlierRequest {
  id: number;
  referenceNumber: string;
  memberId: string;
  status: string;
}

/**
 * The current version of each authorization the requests found belong to (issue 14: the authorization
 * number names the authorization across its versions; a change applies to the version that stands),
 * once each, in the order found.
 */
export async function currentVersions(db: Db, organizationId: number, found: readonly EarlierRequest[]): Promise<EarlierRequest[]> {
  if (found.length === 0) return [];
  const rows: { id: number; reference_number: string; member_id: string; status: string; authorization_number: string }[] = await db('auth_requests as r')
    .join('members as m', 'm.id', 'r.member_id')
    .where('r.organization_id', organizationId)
    .whereNull('r.superseded_by')
    .whereIn('r.authorization_number', db('auth_requests').whereIn('id', found.map((f) => f.id)).select('authorization_number'))
    .select('r.id', 'r.reference_number', 'm.member_id', 'r.status', 'r.authorization_number');
  const byAuthorization = new Map(rows.map((r) => [r.authorization_number, r]));
  const order: string[] = await db('auth_requests').whereIn('id', found.map((f) => f.id)).orderBy('submitted_at').orderBy('id').pluck('authorization_number');
  return [...new Set(order)].flatMap((a) => {
    const r = byAuthorization.get(a);
    return r ? [{ id: Number(r.id), referenceNumber: r.reference_number, memberId: r.member_id, status: r.status }] : [];
  });
}

/** The organization's requests an inquiry or a cancellation names, oldest first; another organization's are never found. */
export async function findEarlierRequests(db: Db, keys: EarlierRequestKeys): Promise<EarlierRequest[]> {
  const claimIds = keys.claimIds ?? [];
  if (keys.referenceNumbers.length === 0 && keys.authorizationNumbers.length === 0 && keys.claimIdentifiers.length === 0 && claimIds.length === 0) return [];
  const rows: { id: number; reference_number: string; member_id: string; status: string }[] = await db('auth_requests as r')
    .join('members as m', 'm.id', 'r.member_id')
    .where('r.organization_id', keys.organizationId)
    .modify((q) => (keys.memberId === undefined ? q : q.where('m.member_id', keys.memberId)))
    .where((q) => {
      if (keys.referenceNumbers.length > 0) q.orWhereIn('r.reference_number', [...keys.referenceNumbers]);
      if (keys.authorizationNumbers.length > 0) q.orWhereIn('r.authorization_number', [...keys.authorizationNumbers]);
      if (claimIds.length > 0) q.orWhereIn('r.api_claim_id', [...claimIds]);
      if (keys.claimIdentifiers.length > 0) {
        q.orWhereExists((sub) => {
          sub.select(db.raw('1')).from('api_claim_identifiers as i').whereRaw('i.request_id = r.id').where((any) => {
            for (const id of keys.claimIdentifiers) any.orWhere((one) => (id.system ? one.where({ 'i.value': id.value, 'i.system': id.system }) : one.where('i.value', id.value)));
          });
        });
      }
    })
    .modify((q) => (keys.codes && keys.codes.length > 0 ? q.whereExists((sub) => sub.select(db.raw('1')).from('request_lines as l').whereRaw('l.request_id = r.id').whereIn('l.code', [...(keys.codes ?? [])])) : q))
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .select('r.id', 'r.reference_number', 'm.member_id', 'r.status');
  return rows.map((r) => ({ id: Number(r.id), referenceNumber: r.reference_number, memberId: r.member_id, status: r.status }));
}

/** The Claim identifiers a request was submitted with, as sent (none for a request made in the portal). */
export async function apiClaimIdentifiers(db: Db, requestId: number): Promise<Identifier[]> {
  const rows: string[] = await db('api_claim_identifiers').where({ request_id: requestId }).orderBy('position').pluck('identifier');
  return rows.map((r) => JSON.parse(r) as Identifier);
}
