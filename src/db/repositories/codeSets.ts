import type { Knex } from 'knex';
import type { Db } from '../database';
import type { CodeRecord, PlaceOfService } from '../../domain/codeFiles';
import { dayBefore, type IsoDate } from '../../domain/dates';

/** One release of a code set, as the import names it. */
export interface Release {
  system: string;
  version: string;
  effectiveDate: IsoDate;
  sourceFile: string;
}

export interface ImportCounts {
  rows: number;
  added: number;
  changed: number;
  ended: number;
  reopened: number;
}

export interface CodeSetRow extends Release, ImportCounts {
  importedAt: string;
}

/** Called as rows are handled: how many so far, out of how many. */
export type Progress = (done: number, total: number) => void;

/** Rows a statement: SQLite allows 32766 bound variables, and a code row has 7. */
const BATCH = 2000;
/** How often the progress callback is called, in rows. */
export const PROGRESS_EVERY = 10_000;

interface CodeRow {
  system: string;
  code: string;
  compact: string;
  description: string | null;
  billable: boolean;
  effective_from: string | null;
  effective_to: string | null;
}

interface StoredCode {
  id: number;
  code: string;
  description: string | null;
  billable: number | boolean;
  effective_from: string | null;
  effective_to: string | null;
}

/**
 * Brings one code system in line with a release, in one transaction:
 * - a code new in the file is added, in force from its own date or the release's;
 * - a code whose description, billable flag or dates changed is updated (a code that had ended and is
 *   back in the file is reopened);
 * - a code the release no longer lists is ended on the day before the release takes effect, never
 *   deleted: submitted requests name it, and it stays valid for dates of service before then;
 * - a code that is the same is not written at all, so importing the same file twice changes nothing.
 * The FTS index follows through the triggers on codes, inside the same transaction.
 */
export async function importCodeRelease(db: Db, release: Release, records: readonly CodeRecord[], onProgress?: Progress): Promise<ImportCounts> {
  const wrongSystem = records.find((r) => r.system !== release.system);
  if (wrongSystem) throw new Error(`${wrongSystem.code} is a ${wrongSystem.system} code, not ${release.system}`);
  return db.transaction(async (trx) => {
    const stored = new Map<string, StoredCode>();
    for (const row of (await trx('codes').where({ system: release.system }).select('id', 'code', 'description', 'billable', 'effective_from', 'effective_to')) as StoredCode[]) {
      stored.set(row.code, row);
    }
    const counts: ImportCounts = { rows: records.length, added: 0, changed: 0, ended: 0, reopened: 0 };
    let pending: CodeRow[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      // A plain multi-row VALUES upsert: knex writes SQLite multi-row inserts as a compound SELECT,
      // which SQLite caps at 500 terms; this takes BATCH rows a statement, several times faster.
      const placeholders = pending.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      const bindings = pending.flatMap((r) => [r.system, r.code, r.compact, r.description, r.billable ? 1 : 0, r.effective_from, r.effective_to]);
      await trx.raw(
        `INSERT INTO codes (system, code, compact, description, billable, effective_from, effective_to) VALUES ${placeholders}
         ON CONFLICT (system, code) DO UPDATE SET compact = excluded.compact, description = excluded.description,
           billable = excluded.billable, effective_from = excluded.effective_from, effective_to = excluded.effective_to`,
        bindings,
      );
      pending = [];
    };

    const inFile = new Set<string>();
    for (const [index, record] of records.entries()) {
      inFile.add(record.code);
      const before = stored.get(record.code);
      const row: CodeRow = {
        system: record.system,
        code: record.code,
        compact: record.compact,
        description: record.description,
        billable: record.billable,
        effective_from: record.effectiveFrom ?? before?.effective_from ?? release.effectiveDate,
        effective_to: record.effectiveTo ?? null,
      };
      if (!before) {
        counts.added++;
        pending.push(row);
      } else if (
        before.description !== row.description ||
        Boolean(before.billable) !== row.billable ||
        before.effective_from !== row.effective_from ||
        before.effective_to !== row.effective_to
      ) {
        if (before.effective_to !== null && row.effective_to === null) counts.reopened++;
        else counts.changed++;
        pending.push(row);
      }
      if (pending.length >= BATCH) await flush();
      if (onProgress && (index + 1) % PROGRESS_EVERY === 0) onProgress(index + 1, records.length);
    }
    await flush();

    const endOn = dayBefore(release.effectiveDate);
    const dropped = [...stored.values()].filter((s) => !inFile.has(s.code) && s.effective_to === null).map((s) => s.id);
    for (let i = 0; i < dropped.length; i += BATCH) {
      await trx('codes').whereIn('id', dropped.slice(i, i + BATCH)).update({ effective_to: endOn });
    }
    counts.ended = dropped.length;
    if (onProgress) onProgress(records.length, records.length);
    await recordRelease(trx, release, counts);
    return counts;
  });
}

/** Places of service follow the same rules as codes: added, changed, reopened, or ended when dropped. */
export async function importPlacesOfService(db: Db, release: Release, places: readonly PlaceOfService[]): Promise<ImportCounts> {
  return db.transaction(async (trx) => {
    const stored = new Map<string, Record<string, string | null>>();
    for (const row of await trx('places_of_service').select('*')) stored.set(row.code, row);
    const counts: ImportCounts = { rows: places.length, added: 0, changed: 0, ended: 0, reopened: 0 };
    for (const place of places) {
      const before = stored.get(place.code);
      const row = { code: place.code, name: place.name, description: place.description, effective_from: before?.effective_from ?? release.effectiveDate, effective_to: null };
      if (!before) {
        counts.added++;
        await trx('places_of_service').insert(row);
      } else if (before.name !== row.name || before.description !== row.description || before.effective_to !== null || before.effective_from !== row.effective_from) {
        if (before.effective_to !== null) counts.reopened++;
        else counts.changed++;
        await trx('places_of_service').where({ code: place.code }).update(row);
      }
    }
    const codes = new Set(places.map((p) => p.code));
    const dropped = [...stored.values()].filter((s) => !codes.has(s.code as string) && s.effective_to === null).map((s) => s.code as string);
    if (dropped.length > 0) await trx('places_of_service').whereIn('code', dropped).update({ effective_to: dayBefore(release.effectiveDate) });
    counts.ended = dropped.length;
    await recordRelease(trx, release, counts);
    return counts;
  });
}

/** Notes the release in code_sets; importing the same version again updates its row rather than adding one. */
export async function recordRelease(trx: Knex.Transaction | Db, release: Release, counts: ImportCounts): Promise<void> {
  await trx('code_sets')
    .insert({
      system: release.system,
      version: release.version,
      effective_date: release.effectiveDate,
      source_file: release.sourceFile,
      imported_at: new Date().toISOString(),
      row_count: counts.rows,
      added: counts.added,
      changed: counts.changed,
      ended: counts.ended,
      reopened: counts.reopened,
    })
    .onConflict(['system', 'version'])
    .merge();
}

export async function listCodeSets(db: Db, system?: string): Promise<CodeSetRow[]> {
  const query = db('code_sets').orderBy('id');
  if (system) query.where({ system });
  const rows = await query;
  return rows.map((r) => ({
    system: r.system,
    version: r.version,
    effectiveDate: r.effective_date,
    sourceFile: r.source_file,
    importedAt: r.imported_at,
    rows: r.row_count,
    added: r.added,
    changed: r.changed,
    ended: r.ended,
    reopened: r.reopened,
  }));
}
