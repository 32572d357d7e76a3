import type { Db } from '../database';
import type { LineOutcome } from '../../domain/lineDecisions';

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
  lineNumber: number;
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
    .select('l.line_number', 'l.status', 'l.certification_number', 'l.authorized_units', 'l.from_date', 'l.to_date');
  return rows.map((r) => ({
    lineNumber: Number(r.line_number),
    outcome: r.status as LineOutcome,
    certificationNumber: r.certification_number ?? null,
    authorizedUnits: r.authorized_units === null ? null : Number(r.authorized_units),
    authorizedFrom: r.authorized_units === null ? null : r.from_date,
    authorizedTo: r.authorized_units === null ? null : r.to_date,
    startDate: r.from_date,
    endDate: r.to_date,
  }));
}
