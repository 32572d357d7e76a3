import type { Knex } from 'knex';
import type { Db } from '../database';
import { currentRuleSetVersion } from './coverageRules';

export interface StatusEntry {
  status: string;
  changedAt: string;
  changedBy: string | null;
  /** Set when a plan user made the change: their role (the office is shown the role, never the name). */
  changedByPlanRole: string | null;
  /** Set when the coverage rules decided the status, not a person: the date those rules came into force. */
  rulesInForceFrom: string | null;
  lineNumber: number | null;
  code: string | null;
  note: string | null;
}

/**
 * Who a line's status at submit is credited to: the coverage rules in force (their version and the
 * date they came into force), never the office user who pressed Submit. With no rules loaded at all
 * (every line pended), the status stays with the submitter.
 */
export async function decidedAtSubmit(trx: Knex.Transaction, submittedBy: number | null): Promise<Record<string, string | number | null>> {
  const rules = await currentRuleSetVersion(trx);
  return rules ? { changed_by: null, rules_version: rules.version, rules_in_force_from: rules.effectiveDate } : { changed_by: submittedBy };
}

export async function listStatusHistory(db: Db, requestId: number): Promise<StatusEntry[]> {
  const rows = await db('status_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .leftJoin('request_lines as l', 'l.id', 'h.request_line_id')
    .where('h.request_id', requestId)
    .orderBy('h.id')
    .select('h.status', 'h.changed_at', 'h.note', 'h.rules_in_force_from', 'u.display_name', 'u.role', 'o.kind', 'l.line_number', 'l.code');
  return rows.map((r) => ({
    status: r.status,
    changedAt: r.changed_at,
    changedBy: r.display_name ?? null,
    changedByPlanRole: r.kind === 'plan' ? r.role : null,
    rulesInForceFrom: r.rules_in_force_from ?? null,
    lineNumber: r.line_number ?? null,
    code: r.code ?? null,
    note: r.note ?? null,
  }));
}
