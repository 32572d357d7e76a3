import type { Knex } from 'knex';
import type { Db } from '../database';
import type { PlaceOfService } from '../../domain/codeFiles';
import type { CodeSystem } from '../../domain/codeFormats';
import { codeSearchTerms } from '../../domain/codeSearch';
import { isPostgres } from '../dialect';
import { preparedRows } from '../sqliteStatements';

export interface Code {
  system: CodeSystem;
  code: string;
  description: string | null;
  billable: boolean;
  /** The first and last days the code is in force; null when open. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

function toCode(row: Record<string, unknown>): Code {
  return {
    system: row.system as CodeSystem,
    code: row.code as string,
    description: (row.description as string | null) ?? null,
    billable: Boolean(row.billable),
    effectiveFrom: (row.effective_from as string | null) ?? null,
    effectiveTo: (row.effective_to as string | null) ?? null,
  };
}

export const DIAGNOSIS_SYSTEMS: readonly CodeSystem[] = ['ICD10CM'];
export const PROCEDURE_SYSTEMS: readonly CodeSystem[] = ['CPT', 'HCPCS'];

const CODE_COLUMNS = ['codes.id', 'codes.system', 'codes.code', 'codes.description', 'codes.billable', 'codes.effective_from', 'codes.effective_to'];

/** The code, typed without the dot and in upper case, in one of the systems; active on the date when given. */
export async function findCode(db: Db, systems: readonly CodeSystem[], compact: string, onDate?: string): Promise<Code | undefined> {
  const query = db('codes').whereIn('system', systems).where('compact', compact).first();
  if (onDate) activeOn(query, onDate);
  const row = await query;
  return row ? toCode(row) : undefined;
}

/** Billable codes under a category (F11.2 -> F11.20, F11.21, ...), in force on the date when given, for the message that names them. */
export async function billableCodesUnder(db: Db, system: CodeSystem, compactPrefix: string, limit = 3, onDate?: string): Promise<Code[]> {
  if (!/^[A-Z0-9]+$/.test(compactPrefix)) return [];
  const query = db('codes').where({ system, billable: true });
  whereCompactStartsWith(db, query, compactPrefix);
  query.limit(limit);
  if (onDate) activeOn(query, onDate);
  return (await query).map(toCode);
}

/**
 * The one code search, used by the wizard's code fields and the Code lookup page. Ranked: the exact
 * code first, then codes that start with what was typed (in code order), then codes whose description
 * has every word typed (best BM25 match first, from the FTS5 index). Categories are left out: they
 * cannot be requested. With a date, only codes in force on that date.
 */
export async function searchCodes(db: Db, systems: readonly CodeSystem[], text: string, limit = 20, onDate?: string): Promise<Code[]> {
  const { codePrefix, match, tsQuery } = codeSearchTerms(text);
  const found: Code[] = [];
  const seen = new Set<number>();
  const take = (rows: Record<string, unknown>[]) => {
    for (const row of rows) {
      if (found.length >= limit || seen.has(row.id as number)) continue;
      seen.add(row.id as number);
      found.push(toCode(row));
    }
  };
  const base = (from: string | Knex.Raw = 'codes') => {
    const query = db.select(CODE_COLUMNS).from(from).whereIn('codes.system', systems).where('codes.billable', true);
    if (onDate) activeOn(query, onDate, 'codes.');
    return query;
  };

  if (isPostgres(db)) {
    if (codePrefix) {
      take(await base().where('codes.compact', codePrefix));
      if (found.length < limit) {
        const query = base().whereNot('codes.compact', codePrefix).limit(limit);
        whereCompactStartsWith(db, query, codePrefix, 'codes.');
        take(await query);
      }
    }
    // As on SQLite: the words as typed first, then as the start of longer words.
    for (const expression of tsQuery ? [...new Set([tsQuery.replace(/:\*/g, ''), tsQuery])] : []) {
      if (found.length < limit) take(await wordsOnPostgres(db, base(), expression, limit));
    }
    return found;
  }
  if (codePrefix) {
    // One query for the exact code and the codes under it: in code order the exact code comes first,
    // being the start of every other.
    take(await preparedRows(db, base().whereRaw('codes.compact GLOB ?', [`${codePrefix}*`]).orderBy('codes.compact').limit(limit)));
  }
  // The words as typed first, then as the start of longer words ("hypert" finds "hypertension"): the
  // whole words are the better match, and a common start ("encounter"*) costs FTS5 a merge of every
  // word that begins with it, 1.3 ms where the word alone costs 0.4.
  const expressions = match ? [...new Set([match.replace(/\*/g, ''), match])] : [];
  for (const expression of expressions) {
    if (found.length >= limit) break;
    // Only the last pass fills the page past the ranked matches: it finds all the first would.
    for (const rows of await sqliteWordMatches(db, base, expression, limit, expression === expressions[expressions.length - 1])) {
      take(rows);
      if (found.length >= limit) break;
    }
  }
  return found;
}

/**
 * Codes that start with a compact prefix (only A-Z and 0-9), in code order. On SQLite GLOB, which is
 * case-sensitive and so unlike LIKE can use the index on compact. On PostgreSQL LIKE in the C
 * collation, which the (system, compact COLLATE "C") index serves for the match and the order alike.
 */
function whereCompactStartsWith(db: Db, query: Knex.QueryBuilder, compactPrefix: string, prefix = ''): void {
  if (isPostgres(db)) {
    query.whereRaw(`${prefix}compact COLLATE "C" LIKE ?`, [`${compactPrefix}%`]).orderByRaw(`${prefix}compact COLLATE "C"`);
  } else {
    query.whereRaw(`${prefix}compact GLOB ?`, [`${compactPrefix}*`]).orderBy(`${prefix}compact`);
  }
}

/**
 * Codes whose description has every word, from the GIN index on description_words. ts_rank with
 * normalization 2 (divided by the description's length) ranks as bm25 does: the words in a short
 * description first, so "Opioid dependence, uncomplicated" leads for "opioid dependence", and a word
 * said twice in a long description does not outrank it said once in a short one
 * (https://www.postgresql.org/docs/current/textsearch-controls.html#TEXTSEARCH-RANKING).
 */
function wordsOnPostgres(db: Db, query: Knex.QueryBuilder, tsQuery: string, limit: number): Knex.QueryBuilder {
  return query
    .crossJoin(db.raw("to_tsquery('english', ?) AS words", [tsQuery]))
    .whereRaw('codes.description_words @@ words')
    .orderByRaw('ts_rank_cd(codes.description_words, words, 2) DESC')
    .orderByRaw('codes.compact COLLATE "C"')
    .limit(limit);
}

/**
 * BM25 ranks only the first RANKED_MATCHES codes the index finds: a broad word ("injury": 4,544
 * codes, 16 ms to rank them all) costs no more than a precise one, and a provider who gets 50 rows of
 * a broad word adds words anyway. The page says when there are more rows. The index gives codes in
 * the order they were loaded, so a second, unranked read fills the rows when those first matches
 * were mostly of other code systems. CROSS JOIN makes SQLite read the FTS matches first and look
 * each code up by id; left to itself it walks every code of the system and probes the index for each.
 */
export const RANKED_MATCHES = 300;

async function sqliteWordMatches(db: Db, base: (from: Knex.Raw) => Knex.QueryBuilder, match: string, limit: number, fill: boolean): Promise<Record<string, unknown>[][]> {
  const ranked = await preparedRows(
    db,
    base(db.raw('first_matches AS m CROSS JOIN codes ON codes.id = m.rowid'))
      .withMaterialized('first_matches', db.raw(`SELECT rowid, bm25(codes_fts) AS score FROM codes_fts WHERE codes_fts MATCH ? LIMIT ${RANKED_MATCHES}`, [match]))
      .select(db.raw('(SELECT count(*) FROM first_matches) AS matches'))
      .orderBy('m.score')
      .orderBy('codes.compact')
      .limit(limit),
  );
  // Every match was ranked (fewer than RANKED_MATCHES): there is nothing more to find.
  if (!fill || ranked.length >= limit || (ranked.length > 0 && Number(ranked[0]?.matches) < RANKED_MATCHES)) return [ranked];
  const more = await preparedRows(db, base(db.raw('codes_fts CROSS JOIN codes ON codes.id = codes_fts.rowid')).whereRaw('codes_fts MATCH ?', [match]).limit(limit * 2));
  return [ranked, more];
}

function activeOn(query: ReturnType<Db>, date: string, prefix = ''): void {
  query.where((w) => w.whereNull(`${prefix}effective_from`).orWhere(`${prefix}effective_from`, '<=', date));
  query.where((w) => w.whereNull(`${prefix}effective_to`).orWhere(`${prefix}effective_to`, '>=', date));
}

/** The places of service in force (a code a release dropped is no longer offered). */
export async function listPlacesOfService(db: Db): Promise<PlaceOfService[]> {
  return db('places_of_service').select('code', 'name', 'description').whereNull('effective_to').orderBy('code');
}
