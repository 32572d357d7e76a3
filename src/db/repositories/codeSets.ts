import type { Knex } from 'knex';
import type { Db } from '../database';
import type { CodeRecord, PlaceOfService } from '../../domain/codeFiles';
import { isPostgres } from '../dialect';
import { searchPrior } from '../../domain/codeWords';
import { forgetCached } from './cacheGenerations';
import { importTransaction } from './importLock';
import { massEndProblem, planCodeRelease, planPlacesOfService, type ImportCounts, type Release, type StoredCode, type StoredPlace } from '../../domain/codeRelease';

export type { ImportCounts, Release } from '../../domain/codeRelease';

export interface CodeSetRow extends Release, ImportCounts {
  importedAt: string;
}

/**
 * Called as rows are handled: how many so far, out of how many. Typed void so that any function will
 * do (a line printer, an array's push); the import still awaits what it returns, so a callback that
 * returns a promise (a slow log stream, a test holding the import at a point) is waited for.
 */
export type Progress = (done: number, total: number) => void;

/** Rows a statement: SQLite allows 32766 bound variables, and a code row has 8. */
const BATCH = 2000;
/** Rows a statement on PostgreSQL, where a batch is one JSON value: fewer round trips, a few MB each. */
const POSTGRES_BATCH = 10_000;
/** How often the progress callback is called, in rows. */
export const PROGRESS_EVERY = 10_000;

export interface ReleaseOptions {
  onProgress?: Progress;
  /** Let the release end more than MASS_END of the set's codes in force (see massEndProblem). */
  allowMassEnd?: boolean;
}

/** A release refused before anything was written; the message says why and what to do. */
export class ReleaseRefused extends Error {}

function refuseMassEnd(system: string, plan: Parameters<typeof massEndProblem>[1], options: ReleaseOptions): void {
  const problem = options.allowMassEnd ? undefined : massEndProblem(system, plan);
  if (problem) throw new ReleaseRefused(problem);
}

/**
 * Brings one code system in line with a release (planCodeRelease says how), in one transaction that
 * takes the write lock first. A release that would end too many codes is refused before anything is
 * written. The search index follows inside the same transaction (FTS5 through the triggers on codes,
 * PostgreSQL's tsvector as a generated column).
 */
export async function importCodeRelease(db: Db, release: Release, records: readonly CodeRecord[], options: ReleaseOptions = {}): Promise<ImportCounts> {
  const { onProgress } = options;
  const batchSize = isPostgres(db) ? POSTGRES_BATCH : BATCH;
  const counts = await importTransaction(db, async (trx) => {
    const stored = (
      await trx('codes').where({ system: release.system }).select('id', 'code', 'description', 'billable', 'effective_from', 'effective_to')
    ).map((r): StoredCode => ({ id: r.id, code: r.code, description: r.description, billable: Boolean(r.billable), effectiveFrom: r.effective_from, effectiveTo: r.effective_to }));
    const plan = planCodeRelease(release, stored, records);
    refuseMassEnd(release.system, plan, options);

    for (let i = 0; i < plan.writes.length; i += batchSize) {
      const batch = plan.writes.slice(i, i + batchSize);
      await (isPostgres(db) ? upsertCodesOnPostgres(trx, batch) : upsertCodesOnSqlite(trx, batch));
      const done = Math.min(i + batchSize, plan.writes.length);
      if (onProgress && Math.floor(done / PROGRESS_EVERY) > Math.floor(i / PROGRESS_EVERY)) await onProgress(done, plan.writes.length);
    }
    const dropped = plan.ending.map((s) => s.id);
    for (let i = 0; i < dropped.length; i += BATCH) {
      await trx('codes').whereIn('id', dropped.slice(i, i + BATCH)).update({ effective_to: plan.endOn });
    }
    if (onProgress && plan.writes.length > 0) await onProgress(plan.writes.length, plan.writes.length);
    await recordRelease(trx, release, plan.counts);
    return plan.counts;
  });
  // The code search keeps codes it read (codes.ts): this process sees the change now, others at their next request.
  forgetCached(db, 'codes');
  // PostgreSQL plans a search from the table's statistics, which autovacuum brings up to date only a
  // while after a big import: until then it takes a freshly loaded code set for an empty table and
  // walks all of it for every search (70 ms instead of 0.1 ms in bench:codes). So the import does it.
  if (isPostgres(db) && counts.added + counts.changed + counts.ended + counts.reopened > 0) await db.raw('ANALYZE codes');
  return counts;
}

type CodeWrite = ReturnType<typeof planCodeRelease>['writes'][number];

const UPSERT_CODE = `ON CONFLICT (system, code) DO UPDATE SET compact = excluded.compact, description = excluded.description,
  billable = excluded.billable, effective_from = excluded.effective_from, effective_to = excluded.effective_to, search_prior = excluded.search_prior`;

/**
 * A plain multi-row VALUES upsert: knex writes SQLite multi-row inserts as a compound SELECT, which
 * SQLite caps at 500 terms; this takes BATCH rows a statement, several times faster.
 */
async function upsertCodesOnSqlite(trx: Knex.Transaction, batch: readonly CodeWrite[]): Promise<void> {
  const placeholders = batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const bindings = batch.flatMap((r) => [r.system, r.code, r.compact, r.description, r.billable ? 1 : 0, r.effectiveFrom, r.effectiveTo, searchPrior(r.description)]);
  await trx.raw(`INSERT INTO codes (system, code, compact, description, billable, effective_from, effective_to, search_prior) VALUES ${placeholders} ${UPSERT_CODE}`, bindings);
}

/**
 * On PostgreSQL the batch goes as one JSON value, read back into rows of the codes table's own type:
 * one parameter however many rows (a statement takes at most 65535), and no SQL text that grows with
 * the batch for the server to parse.
 */
async function upsertCodesOnPostgres(trx: Knex.Transaction, batch: readonly CodeWrite[]): Promise<void> {
  const rows = batch.map((r) => ({ system: r.system, code: r.code, compact: r.compact, description: r.description, billable: r.billable, effective_from: r.effectiveFrom, effective_to: r.effectiveTo, search_prior: searchPrior(r.description) }));
  await trx.raw(
    `INSERT INTO codes (system, code, compact, description, billable, effective_from, effective_to, search_prior)
     SELECT system, code, compact, description, billable, effective_from, effective_to, search_prior FROM json_populate_recordset(NULL::codes, ?::json) ${UPSERT_CODE}`,
    [JSON.stringify(rows)],
  );
}

/** Places of service follow the same rules as codes: added, changed, reopened, or ended when dropped. */
export async function importPlacesOfService(db: Db, release: Release, places: readonly PlaceOfService[], options: ReleaseOptions = {}): Promise<ImportCounts> {
  return importTransaction(db, async (trx) => {
    const stored = (await trx('places_of_service').select('code', 'name', 'description', 'effective_from', 'effective_to')).map(
      (r): StoredPlace => ({ code: r.code, name: r.name, description: r.description, effectiveFrom: r.effective_from, effectiveTo: r.effective_to }),
    );
    const plan = planPlacesOfService(release, stored, places);
    refuseMassEnd(release.system, plan, options);
    for (const row of plan.writes) {
      const values = { code: row.code, name: row.name, description: row.description, effective_from: row.effectiveFrom, effective_to: row.effectiveTo };
      await trx('places_of_service').insert(values).onConflict('code').merge();
    }
    const dropped = plan.ending.map((s) => s.code);
    if (dropped.length > 0) await trx('places_of_service').whereIn('code', dropped).update({ effective_to: plan.endOn });
    await recordRelease(trx, release, plan.counts);
    return plan.counts;
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
