import type { Db } from '../database';
import { rawRows } from '../results';

/**
 * Data read on nearly every page and changed rarely (the signed-in user, the member of a request,
 * the coverage rules and categories) is kept in memory between requests. It is only ever used as
 * fresh as the `cache_generations` row (migrations/20261129170000): triggers bump a counter there in
 * the same transaction as any change, in any process, and each request reads the row once, with its
 * session (src/middleware/session.ts), through noteGenerations(). A counter that moved empties that
 * kind of data, so the very next request after a change reads it again from the database.
 *
 * Until a request has read the row (a command-line tool, a test calling a repository directly), the
 * database is read every time.
 */
export interface Generations {
  users: number;
  members: number;
  reference: number;
  /** Code sets and code synonyms: the search's word list and synonyms (codeSearchData.ts). */
  codes: number;
}
export type CachedKind = keyof Generations;

/** Entries kept at most per kind (members: the ones with a request in progress). */
const MAX_ENTRIES = 5000;

interface KindCache {
  generation: number;
  entries: Map<string | number, unknown>;
}

const cachesByDb = new WeakMap<Db, Record<CachedKind, KindCache>>();

const GENERATIONS_SQL = 'SELECT users, members, reference, codes FROM cache_generations WHERE id = 1';

/** Reads the counters outside a request (at start, in a test): what changed since is forgotten. */
export async function readGenerations(db: Db): Promise<void> {
  const [row] = rawRows<Record<string, unknown>>(await db.raw(GENERATIONS_SQL));
  if (row) noteGenerations(db, row);
}

/** The counters as read by a request: what changed since the last request is forgotten. */
export function noteGenerations(db: Db, row: Record<string, unknown>): void {
  let caches = cachesByDb.get(db);
  if (!caches) {
    caches = { users: emptyKind(), members: emptyKind(), reference: emptyKind(), codes: emptyKind() };
    cachesByDb.set(db, caches);
  }
  for (const kind of Object.keys(caches) as CachedKind[]) {
    const generation = Number(row[kind]);
    if (caches[kind].generation !== generation) caches[kind] = { generation, entries: new Map() };
  }
}

function emptyKind(): KindCache {
  return { generation: -1, entries: new Map() };
}

/** The kind's counter as the last request read it; undefined until one has (a command-line tool, a test). */
export function generationSeen(db: Db, kind: CachedKind): number | undefined {
  const generation = cachesByDb.get(db)?.[kind].generation;
  return generation === undefined || generation < 0 ? undefined : generation;
}

/**
 * `load()`'s value, kept until the kind's counter moves. A value loaded while the counter moved is
 * not kept: it may have been read before the change. Kept values are frozen: a page that changed one
 * would change it for every later page.
 */
export async function cached<T>(db: Db, kind: CachedKind, key: string | number, load: () => Promise<T>): Promise<T> {
  const caches = cachesByDb.get(db);
  if (!caches) return load();
  const before = caches[kind];
  if (before.entries.has(key)) return before.entries.get(key) as T;
  const value = await load();
  if (caches[kind] === before && value !== undefined) {
    if (before.entries.size >= MAX_ENTRIES) before.entries.delete(before.entries.keys().next().value as string | number);
    before.entries.set(key, deepFreeze(value));
  }
  return value;
}

/** This process changed the data itself: forget it now rather than at the next request. */
export function forgetCached(db: Db, kind: CachedKind): void {
  const caches = cachesByDb.get(db);
  if (caches) caches[kind] = { generation: caches[kind].generation, entries: new Map() };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
