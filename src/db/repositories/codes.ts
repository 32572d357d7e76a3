import type { Knex } from 'knex';
import type { Db } from '../database';
import type { PlaceOfService } from '../../domain/codeFiles';
import type { CodeSystem } from '../../domain/codeFormats';
import { codeSearchTerms, ftsMatchExpression, matchesAtMost, readsAnyStart, tsQueryExpression, type CodeSearchTerms } from '../../domain/codeSearch';
import { rankCandidates } from '../../domain/codeRanking';
import { codeSearchHelp } from './codeSearchData';
import { cached } from './cacheGenerations';
import { isPostgres } from '../dialect';
import { preparedAll } from '../sqliteStatements';
import { rawRows } from '../results';

export interface Code {
  system: CodeSystem;
  code: string;
  description: string | null;
  billable: boolean;
  /** The first and last days the code is in force; null when open. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** How a search found it when not by its own words: "shingles -> zoster". */
  matched?: string;
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
 * The one code search, used by the wizard's code fields and the Code lookup page: what was typed is
 * read as a code, its start, and words (with the synonyms offices use and one spelling slip put right:
 * src/domain/codeSearch.ts); the database finds a bounded set of candidates and rankCandidates puts
 * them in the order a coder would pick from, the same on SQLite and PostgreSQL. Categories are left
 * out: they cannot be requested. With a date, only codes in force on that date. A code found through a
 * synonym or a spelling put right says so in `matched`.
 */
export async function searchCodes(db: Db, systems: readonly CodeSystem[], text: string, limit = 20, onDate?: string): Promise<Code[]> {
  const help = await codeSearchHelp(db);
  const terms = codeSearchTerms(text, help);
  const candidates = await codesWithIds(db, await candidateIds(db, systems, terms, false, limit, onDate, matchesAtMost(terms.slots, help.vocabulary, false)));
  let ranked = rankCandidates(terms, candidates, limit);
  // Words matched only by their start ("hypert", "opi depend withdr") are looked for when whole words
  // do not fill the page: a common start costs the index a merge of every word that begins with it.
  if (ranked.length < limit && readsAnyStart(terms.slots)) {
    const more = await codesWithIds(db, await candidateIds(db, systems, { ...terms, codePrefix: undefined, synonymCodes: [] }, true, limit, onDate, matchesAtMost(terms.slots, help.vocabulary, true)));
    ranked = rankCandidates(terms, [...candidates, ...more], limit);
  }
  return ranked.map(({ code, matched }) => (matched ? { ...code, matched } : code));
}

type Candidate = Code & { compact: string };

const CODE_COLUMNS = 'codes.id, codes.system, codes.code, codes.compact, codes.description, codes.billable, codes.effective_from, codes.effective_to';

/**
 * The ids of the candidates, in one statement: codes that start with what was typed (the exact code
 * among them, being the start of itself), codes a synonym names, and the first RANKED_MATCHES codes in
 * search order (codes.search_prior) whose description matches the words, whole or by their start.
 * Only ids: reading a description into JavaScript costs more than finding it (0.9 of the 1.3 ms of
 * 200 rows with every column), and the codes themselves are kept in memory (codesWithIds). The SQL is
 * written here rather than by knex's builder (a tenth of a millisecond a search) and its text depends
 * only on the shape of the search, so that on SQLite it is a statement prepared once per connection.
 */
async function candidateIds(db: Db, systems: readonly CodeSystem[], terms: CodeSearchTerms, prefix: boolean, limit: number, onDate: string | undefined, matches: number | undefined): Promise<number[]> {
  const postgres = isPostgres(db);
  const params: unknown[] = [];
  // Every part filters the same way: the systems asked for, billable, in force on the date.
  const where = (): string => {
    params.push(...systems);
    let sql = `codes.system IN (${systems.map(() => '?').join(', ')}) AND codes.billable = ${postgres ? 'true' : '1'}`;
    if (onDate) {
      params.push(onDate, onDate);
      sql += ' AND (codes.effective_from IS NULL OR codes.effective_from <= ?) AND (codes.effective_to IS NULL OR codes.effective_to >= ?)';
    }
    return sql;
  };
  const parts: string[] = [];
  if (terms.codePrefix) {
    const compactStart = postgres ? 'codes.compact COLLATE "C" LIKE ?' : 'codes.compact GLOB ?';
    const sql = `SELECT codes.id FROM codes WHERE ${where()} AND ${compactStart} ORDER BY ${postgres ? 'codes.compact COLLATE "C"' : 'codes.compact'} LIMIT ${Number(limit)}`;
    params.push(postgres ? `${terms.codePrefix}%` : `${terms.codePrefix}*`);
    parts.push(sql);
  }
  if (terms.synonymCodes.length > 0) {
    const sql = `SELECT codes.id FROM codes WHERE ${where()} AND codes.compact IN (${postgres ? 'SELECT unnest(?::text[])' : 'SELECT value FROM json_each(?)'})`;
    const compacts = [...new Set(terms.synonymCodes.map((s) => s.compact))];
    params.push(postgres ? compacts : JSON.stringify(compacts));
    parts.push(sql);
  }
  if (postgres) {
    const tsQuery = tsQueryExpression(terms.slots, prefix);
    if (tsQuery && matches !== undefined && matches <= postgresSearchTuning.fewMatches) {
      // Few matches: read them all and keep the first, in one scan, rather than one scan per band.
      parts.push(`SELECT codes.id FROM codes WHERE ${where()} AND codes.description_words @@ to_tsquery('english', ?) ORDER BY codes.search_prior, codes.id LIMIT ${RANKED_MATCHES}`);
      params.push(tsQuery);
    } else if (tsQuery) {
      // Band after band of the search order; PostgreSQL stops at the band that completes RANKED_MATCHES.
      const bands = SEARCH_BANDS.map((band) => {
        const sql = `(SELECT codes.id FROM codes WHERE ${where()} AND codes.description_words @@ to_tsquery('english', ?) AND codes.description_words @@ '${bandQuery(band)}'::tsquery ORDER BY codes.search_prior, codes.id LIMIT ${RANKED_MATCHES})`;
        params.push(tsQuery);
        return sql;
      });
      parts.push(`SELECT id FROM (${bands.join(' UNION ALL ')}) AS bands LIMIT ${RANKED_MATCHES}`);
    }
  } else {
    const match = ftsMatchExpression(terms.slots, prefix);
    for (const group of match === undefined ? [] : searchGroups(systems)) {
      const first = `(SELECT rowid AS k FROM code_words WHERE code_words MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid LIMIT ${RANKED_MATCHES}) AS m`;
      params.push(match, group * GROUP, (group + 1) * GROUP);
      parts.push(`SELECT codes.id FROM ${first} CROSS JOIN codes ON codes.id = (m.k & ${ID_BITS}) WHERE ${where()}`);
    }
  }
  if (parts.length === 0) return [];
  const sql = parts.map((part, i) => `SELECT * FROM (${part}) AS part${i}`).join(' UNION ALL ');
  const rows = postgres ? rawRows<{ id: number }>(await db.raw(sql, params as Knex.RawBinding[])) : ((await preparedAll(db, sql, params)) as { id: number }[]);
  return rows.map((row) => Number(row.id));
}

/** Codes kept in memory at most; emptied when full. Each keystroke of a search ranks much the same codes again. */
const MAX_KEPT_CODES = 50_000;

/**
 * The codes with these ids, in the same order: from memory where the search read them before, the
 * rest in one statement. Kept until the `codes` generation moves (an import of a code set, in any
 * process: cacheGenerations.ts), so a code changed by an import is read again at the next request.
 */
async function codesWithIds(db: Db, ids: readonly number[]): Promise<Candidate[]> {
  // cached() freezes what it keeps; a Map's entries are not properties, so it stays a cache to add to.
  const kept = await cached(db, 'codes', 'codesById', async () => new Map<number, Candidate>());
  const missing = [...new Set(ids.filter((id) => !kept.has(id)))];
  const read = new Map<number, Candidate>();
  if (missing.length > 0) {
    const sql = `SELECT ${CODE_COLUMNS} FROM codes WHERE codes.id IN (${isPostgres(db) ? 'SELECT unnest(?::int[])' : 'SELECT value FROM json_each(?)'})`;
    const rows = isPostgres(db) ? rawRows<Record<string, unknown>>(await db.raw(sql, [missing])) : await preparedAll(db, sql, [JSON.stringify(missing)]);
    for (const row of rows) read.set(Number(row.id), Object.freeze({ ...toCode(row), compact: row.compact as string }));
  }
  const found: Candidate[] = [];
  for (const id of ids) {
    const code = kept.get(id) ?? read.get(id);
    if (code) found.push(code);
  }
  if (kept.size + read.size > MAX_KEPT_CODES) kept.clear();
  for (const [id, code] of read) kept.set(id, code);
  return found;
}

/**
 * How many codes the words may bring to be ranked, per code group: a broad word ("injury": 4,544
 * codes) costs no more than a precise one. The index gives them in search order (the likely codes
 * first), so the ones left unranked are the long, specific descriptions a provider reaches by adding
 * words. The page says when there are more rows.
 */
export const RANKED_MATCHES = 200;

/**
 * PostgreSQL's bands of the search order (codes.search_prior, from...to), about 10,000 to 16,000
 * billable codes each on the full files; each description's words say its place as a lexeme "~pN"
 * (40 and over as 40: migrations/20261201050100). Matches are read a band at a time, so a broad word
 * reads a band's matches rather than all of them.
 */
const SEARCH_BANDS: readonly (readonly [number, number])[] = [[0, 7], [8, 10], [11, 13], [14, 17], [18, 23], [24, 40]];

/**
 * Up to `fewMatches` matches (counted from the word list first: matchesAtMost) PostgreSQL reads them
 * all at once. A test sets it to 0 to read even a small code set band by band.
 */
export const postgresSearchTuning = { fewMatches: 1500 };

const bandQuery = ([from, to]: readonly [number, number]): string => Array.from({ length: to - from + 1 }, (_, i) => `''~p${from + i}''`).join(' | ');

/** The SQLite index's rowid: the code group (diagnosis 1, procedure 2) times GROUP, search_prior times 2^24, the code's id (migrations/20261130060000). */
const GROUP = 2 ** 50;
const ID_BITS = 2 ** 24 - 1;

function searchGroups(systems: readonly CodeSystem[]): number[] {
  const groups: number[] = [];
  if (systems.includes('ICD10CM')) groups.push(1);
  if (systems.some((s) => s !== 'ICD10CM')) groups.push(2);
  return groups;
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

function activeOn(query: ReturnType<Db>, date: string, prefix = ''): void {
  query.where((w) => w.whereNull(`${prefix}effective_from`).orWhere(`${prefix}effective_from`, '<=', date));
  query.where((w) => w.whereNull(`${prefix}effective_to`).orWhere(`${prefix}effective_to`, '>=', date));
}

/** The places of service in force (a code a release dropped is no longer offered). */
export async function listPlacesOfService(db: Db): Promise<PlaceOfService[]> {
  return db('places_of_service').select('code', 'name', 'description').whereNull('effective_to').orderBy('code');
}
