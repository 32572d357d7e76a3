import type { Knex } from 'knex';
import type { Db } from '../database';
import { insertedId } from '../results';
import { certificationNumber, requestStatusFrom, type LineOutcome } from '../../domain/lineDecisions';
import { insertLineDecision } from './lineDecisions';
import { isUniqueViolation, withFreshReference } from './uniqueReference';
import { DuplicateSubmissionError, requestLineRow } from './requestSubmission';
import { decidedAtSubmit } from './statusHistory';

/** Versions of one authorization (issue 14): writing a new version, and reading the list of versions. */

/** A line of the new version as it is stored: its status decided already (carried over, the coverage rules', or cancelled). */
export interface NewVersionLine {
  lineNumber: number;
  code: string;
  codeSystem: string;
  units: number;
  fromDate: string;
  toDate: string;
  status: LineOutcome;
  ruleId: string | null;
  /** The current version's line it continues (its clinical answers and, when unchanged, its decision carry over). */
  previousLineId: number | null;
  /** Unchanged: the line's latest decision carries over as it was. Otherwise the new decision's maker. */
  decidedBy: 'carried-over' | 'coverage-rules' | 'office';
  note: string | null;
  /** An added line's answers to its questionnaire (asked in the update), stored as at a submit. */
  questionnaire?: { id: string; response: object; criteriaMet: boolean };
}

export interface NewVersion {
  /** The version updated, and the decision counts its lines had when the update started (the compare-and-set). */
  previousRequestId: number;
  seen: Readonly<Record<string, number>>;
  journeyId: string;
  submittedBy: number | null;
  apiClientId: number | null;
  startDate: string;
  endDate: string;
  requestType: string;
  submittedAt: string;
  dueAt: string;
  /** The changes in the office's words, shown with the version. */
  changes: string[];
  lines: NewVersionLine[];
}

/** Another version was made, or a line decided or withdrawn, since the update started: nothing was stored. */
export class VersionChangedError extends Error {}

/** Columns of the version replaced that the new one does not copy: its own identity, submission, clock, desk state. */
const NOT_COPIED = ['id', 'reference_number', 'journey_id', 'submitted_by', 'api_client_id', 'status', 'submitted_at', 'due_at', 'start_date', 'end_date', 'request_type',
  'assigned_to', 'assigned_at', 'extension_days', 'extension_reason', 'duplicate_reason', 'version', 'previous_request_id', 'superseded_by', 'version_changes', 'api_claim_id'];

/**
 * Stores a new version of an authorization in one transaction: the version replaced must still be the
 * current one, and each of its lines must have had exactly the decisions it had when the update
 * started (compare-and-set on decision_count). Its lines' counts are moved on, so that a reviewer's
 * decision or a withdrawal prepared against the old version is refused by the same compare-and-set on
 * their side: of an update and a decision on the same line, the first to commit wins. A second submit
 * of the same journey meets the unique key on journey_id (DuplicateSubmissionError).
 */
export async function insertAuthorizationVersion(db: Db, v: NewVersion, drawReference: () => string, alsoInTransaction?: (trx: Knex.Transaction, reference: string) => Promise<void>): Promise<string> {
  try {
    return await withFreshReference('auth_requests', drawReference, (reference) =>
      db.transaction(async (trx) => {
        const previous = await trx('auth_requests').where({ id: v.previousRequestId }).first();
        if (!previous) throw new VersionChangedError();
        const claimed = await trx('auth_requests').where({ id: v.previousRequestId }).whereNull('superseded_by').update({ superseded_by: -1 });
        if (claimed !== 1) throw new VersionChangedError();
        const oldLines = await trx('request_lines').where({ request_id: v.previousRequestId }).select('id', 'line_number', 'decision_count');
        for (const l of oldLines) {
          const seen = v.seen[String(l.line_number)];
          const moved = seen === undefined ? 0 : await trx('request_lines').where({ id: l.id, decision_count: seen }).update({ decision_count: seen + 1 });
          if (moved !== 1) throw new VersionChangedError();
        }
        const copied = Object.fromEntries(Object.entries(previous).filter(([k]) => !NOT_COPIED.includes(k)));
        const requestId = insertedId(await trx('auth_requests').insert({
          ...copied,
          reference_number: reference,
          journey_id: v.journeyId,
          submitted_by: v.submittedBy,
          api_client_id: v.apiClientId,
          status: requestStatusFrom(v.lines.map((l) => l.status)),
          submitted_at: v.submittedAt,
          due_at: v.dueAt,
          start_date: v.startDate,
          end_date: v.endDate,
          request_type: v.requestType,
          version: Number(previous.version) + 1,
          previous_request_id: v.previousRequestId,
          version_changes: JSON.stringify(v.changes),
        }).returning('id'));
        await trx('auth_requests').where({ id: v.previousRequestId }).update({ superseded_by: requestId });
        const diagnoses = await trx('request_diagnoses').where({ request_id: v.previousRequestId }).select('position', 'code');
        if (diagnoses.length > 0) await trx('request_diagnoses').insert(diagnoses.map((d) => ({ request_id: requestId, position: d.position, code: d.code })));
        await trx('status_history').insert({ request_id: requestId, status: `Updated: version ${Number(previous.version) + 1}`, changed_at: v.submittedAt, changed_by: v.submittedBy, note: v.changes.join('\n') || null });
        for (const line of v.lines) await insertVersionLine(trx, requestId, previous.authorization_number, line, v);
        await alsoInTransaction?.(trx, reference);
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err, 'auth_requests', 'journey_id')) throw new DuplicateSubmissionError(v.journeyId);
    throw err;
  }
}

async function insertVersionLine(trx: Knex.Transaction, requestId: number, authorizationNumber: string, line: NewVersionLine, v: NewVersion): Promise<void> {
  const previous = line.previousLineId === null ? undefined : await trx('request_lines').where({ id: line.previousLineId }).first();
  const carried = line.decidedBy === 'carried-over' && previous;
  const approved = line.status === 'Approved';
  const lineId = insertedId(await trx('request_lines').insert({
    ...requestLineRow(requestId, {
      ...line,
      ruleId: carried ? previous.rule_id : line.ruleId,
      authorizedUnits: carried ? previous.authorized_units : approved ? line.units : null,
      authorizedDate: carried ? previous.authorized_date : approved ? v.submittedAt.slice(0, 10) : null,
      certificationNumber: carried ? previous.certification_number : approved ? certificationNumber(authorizationNumber, line.lineNumber) : null,
    }),
    // A line the API submitted keeps the item.sequence its Claim gave it, in every version.
    item_sequence: previous?.item_sequence ?? null,
  }).returning('id'));
  if (previous) {
    const answers = await trx('questionnaire_responses').where({ request_line_id: previous.id }).select('questionnaire_id', 'response', 'criteria_met', 'authored_at', 'attested_by');
    if (answers.length > 0) await trx('questionnaire_responses').insert(answers.map((a) => ({ ...a, request_line_id: lineId })));
  }
  if (line.questionnaire) {
    await trx('questionnaire_responses').insert({
      request_line_id: lineId, questionnaire_id: line.questionnaire.id, response: JSON.stringify(line.questionnaire.response),
      criteria_met: line.questionnaire.criteriaMet, authored_at: v.submittedAt, attested_by: v.submittedBy,
    });
  }
  const latest = previous ? await trx('line_decisions').where({ request_line_id: previous.id }).orderBy('id', 'desc').first() : undefined;
  if (carried && latest) {
    // The line as decided: the same decision, kept under the new version's line.
    // It stays the decision first recorded (carried_from_id), whose letter is that version's.
    const { id: _id, request_id: _r, request_line_id: _l, ...terms } = latest;
    await trx('line_decisions').insert({ ...terms, request_id: requestId, request_line_id: lineId, carried_from_id: latest.carried_from_id ?? latest.id });
  } else {
    // The coverage rules' outcome is theirs (with the rules in force), as at any submit; a cancelled line is the office's.
    const decidedBy = line.decidedBy === 'office' ? { changed_by: v.submittedBy } : await decidedAtSubmit(trx, v.submittedBy);
    await insertLineDecision(trx, {
      requestId, lineId, outcome: line.status,
      authorizedUnits: approved ? line.units : null, authorizedFrom: approved ? line.fromDate : null, authorizedTo: approved ? line.toDate : null,
      certificationNumber: approved ? certificationNumber(authorizationNumber, line.lineNumber) : null,
      reasonCode: null, reasonText: line.note, decidedBy: line.decidedBy === 'office' ? v.submittedBy : null,
      decidedByRole: line.decidedBy === 'office' ? 'office' : 'coverage-rules', rulesVersion: (decidedBy.rules_version as string | undefined) ?? null, decidedAt: v.submittedAt,
    });
    await trx('status_history').insert({ request_id: requestId, request_line_id: lineId, status: line.status, changed_at: v.submittedAt, note: line.note, ...decidedBy });
  }
}

export interface VersionSummary {
  version: number;
  referenceNumber: string;
  submittedAt: string;
  changes: string[];
  current: boolean;
}

/** Every version of an authorization the organization owns, oldest first. */
export async function listVersions(db: Db, organizationId: number, authorizationNumber: string): Promise<VersionSummary[]> {
  const rows = await db('auth_requests').where({ organization_id: organizationId, authorization_number: authorizationNumber }).orderBy('version').select('version', 'reference_number', 'submitted_at', 'version_changes', 'superseded_by');
  return rows.map((r) => ({ version: Number(r.version), referenceNumber: r.reference_number, submittedAt: r.submitted_at, changes: r.version_changes ? (JSON.parse(r.version_changes) as string[]) : [], current: r.superseded_by === null }));
}

/** A version's place among its authorization's versions, and the version it replaced: for the plan's and the office's pages. */
export async function versionOf(db: Db, requestId: number): Promise<{ version: number; previousReference: string | null; supersededBy: string | null; changes: string[] }> {
  const row = await db('auth_requests as r')
    .leftJoin('auth_requests as p', 'p.id', 'r.previous_request_id')
    .leftJoin('auth_requests as s', 's.id', 'r.superseded_by')
    .where('r.id', requestId)
    .first('r.version', 'r.version_changes', 'p.reference_number as previous_reference', 's.reference_number as superseded_reference');
  return {
    version: Number(row?.version ?? 1),
    previousReference: row?.previous_reference ?? null,
    supersededBy: row?.superseded_reference ?? null,
    changes: row?.version_changes ? (JSON.parse(row.version_changes) as string[]) : [],
  };
}
