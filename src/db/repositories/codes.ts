import type { Knex } from 'knex';
import type { Db } from '../database';
import type { PlaceOfService } from '../../domain/codeFiles';
import type { CodeSystem } from '../../domain/codeFormats';
import { codeSearchTerms, ftsMatchExpression, tsQueryExpression, type CodeSearchTerms } from '../../domain/codeSearch';
import { rankCandidates } from '../../domain/codeRanking';
import { codeSearchHelp } from './codeSearchData';
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

const CODE_COLUMNS = ['codes.id', 'codes.system', 'codes.code', 'codes.compact', 'codes.description', 'codes.billable', 'codes.effective_from', 'codes.effective_to'];

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
  const terms = codeSearchTerms(text, await codeSearchHelp(db));
  const candidates = await findCandidates(db, systems, terms, false, limit, onDate);
  let ranked = rankCandidates(terms, candidates, limit);
  // Words matched only by their start ("hypert", "opi depend withdr") are looked for when whole words
  // do not fill the page: a common start costs the index a merge of every word that begins with it.
  if (ranked.length < limit && terms.slots.length > 0) {
    const more = await findCandidates(db, systems, { ...terms, codePrefix: undefined, synonymCodes: [] }, true, limit, onDate);
    ranked = rankCandidates(terms, [...candidates, ...more], limit);
  }
  return ranked.map(({ code, matched }) => (matched ? { ...code, matched } : code));
}

type Candidate = Code & { compact: string };

/**
 * Candidates, in one statement: codes that start with what was typed (the exact code among them, being
 * the start of itself), codes a synonym names, and the first RANKED_MATCHES codes in search order
 * (codes.search_prior) whose description matches the words, whole or by their start.
 */
async function findCandidates(db: Db, systems: readonly CodeSystem[], terms: CodeSearchTerms, prefix: boolean, limit: number, onDate?: string): Promise<Candidate[]> {
  const base = (from: string | Knex.Raw = 'codes') => {
    const query = db.select(CODE_COLUMNS).from(from).whereIn('codes.system', systems).where('codes.billable', true);
    if (onDate) activeOn(query, onDate, 'codes.');
    return query;
  };
  const parts: Knex.QueryBuilder[] = [];
  if (terms.codePrefix) {
    const query = base().limit(limit);
    whereCompactStartsWith(db, query, terms.codePrefix, 'codes.');
    parts.push(query);
  }
  if (terms.synonymCodes.length > 0) parts.push(base().whereIn('codes.compact', [...new Set(terms.synonymCodes.map((s) => s.compact))]));
  if (isPostgres(db)) {
    const tsQuery = tsQueryExpression(terms.slots, prefix);
    if (tsQuery) {
      parts.push(base().whereRaw("codes.description_words @@ to_tsquery('english', ?)", [tsQuery]).orderBy('codes.search_prior').orderBy('codes.id').limit(RANKED_MATCHES));
    }
  } else {
    const match = ftsMatchExpression(terms.slots, prefix);
    for (const group of match === undefined ? [] : searchGroups(systems)) {
      const first = db.raw(`(SELECT rowid AS k FROM code_words WHERE code_words MATCH ? AND rowid >= ? AND rowid < ? ORDER BY rowid LIMIT ${RANKED_MATCHES}) AS m CROSS JOIN codes ON codes.id = (m.k & ${ID_BITS})`, [match ?? '', group * GROUP, (group + 1) * GROUP]);
      parts.push(base(first));
    }
  }
  if (parts.length === 0) return [];
  const [head, ...rest] = parts.map((q, i) => db.select('*').from(q.as(`part${i}`)));
  for (const part of rest) head?.unionAll(part);
  const rows: Record<string, unknown>[] = isPostgres(db) ? await (head as Knex.QueryBuilder) : await preparedRows(db, head as Knex.QueryBuilder);
  return rows.map((row) => ({ ...toCode(row), compact: row.compact as string }));
}

/**
 * How many codes the words may bring to be ranked, per code group: a broad word ("injury": 4,544
 * codes) costs no more than a precise one. The index gives them in search order (the likely codes
 * first), so the ones left unranked are the long, specific descriptions a provider reaches by adding
 * words. The page says when there are more rows.
 */
export const RANKED_MATCHES = 200;

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
