import type { Db } from '../database';
import type { SearchHelp } from '../../domain/codeSearch';
import type { Synonym } from '../../domain/codeSynonyms';
import { countWords, vocabularyFrom, type Vocabulary } from '../../domain/spelling';
import { cached, generationSeen } from './cacheGenerations';
import { loadSynonyms } from './codeSynonyms';

/**
 * What the code search keeps in memory: the synonyms (OpenPA's and the plan's) and the word list for
 * spelling slips, built from every code description and synonym term. Both follow the `codes`
 * generation, which an import of a code set or of synonyms moves in any process
 * (migrations/20261130060000):
 * - the synonyms (a few hundred rows) are read again by the next request, which so finds what the
 *   new code set and synonyms say;
 * - the word list (every word of 80,000 descriptions, about a second to build) is built again in the
 *   background, once per generation: until it is ready, searches put slips right from the list of the
 *   code sets before the import. Only the suggestions for slips lag, never the codes found.
 * The first search of a process (or of a tool that reads no generation) builds the list itself; the
 * portal builds it at start (src/server.ts).
 */
export async function codeSearchHelp(db: Db): Promise<SearchHelp> {
  const synonyms = await cached(db, 'codes', 'synonyms', () => loadSynonyms(db));
  return { synonyms, vocabulary: await vocabularyOf(db, synonyms) };
}

interface VocabularyState {
  /** The generation the list was built for (undefined: unknown, built for a tool that reads none). */
  generation: number | undefined;
  vocabulary: Vocabulary;
  /** A build for a newer generation, running. */
  rebuild?: { generation: number; done: Promise<void> };
}

const vocabularies = new WeakMap<Db, VocabularyState>();

/** Reads the texts the word list is made of; a test may hold it open to show a search does not wait for it. */
export const vocabularySource = { read: readVocabulary };

async function vocabularyOf(db: Db, synonyms: ReadonlyMap<string, Synonym>): Promise<Vocabulary> {
  const generation = generationSeen(db, 'codes');
  const state = vocabularies.get(db);
  if (!state || generation === undefined) {
    const vocabulary = await vocabularySource.read(db, synonyms);
    vocabularies.set(db, { generation, vocabulary });
    return vocabulary;
  }
  if (state.generation !== generation && state.rebuild?.generation !== generation) {
    const done = vocabularySource.read(db, synonyms).then(
      (vocabulary) => {
        const now = vocabularies.get(db);
        // A build for a generation later still may have started meanwhile: only the latest is kept.
        if (now?.rebuild?.generation === generation) vocabularies.set(db, { generation, vocabulary });
      },
      () => {
        // The next search starts it again (the database was closed, say); it keeps the old list till then.
        const now = vocabularies.get(db);
        if (now?.rebuild?.generation === generation) delete now.rebuild;
      },
    );
    state.rebuild = { generation, done };
  }
  return state.vocabulary;
}

/** Resolves when the word list being built in the background, if any, is in use (for a test). */
export async function vocabularyRebuilt(db: Db): Promise<void> {
  await vocabularies.get(db)?.rebuild?.done;
}

/** Descriptions read a page at a time, so that a build in the background holds the event loop only briefly. */
const PAGE = 5000;

async function readVocabulary(db: Db, synonyms: ReadonlyMap<string, Synonym>): Promise<Vocabulary> {
  const counts = new Map<string, number>();
  for (let after = 0; ; ) {
    const rows: { id: number; description: string }[] = await db('codes').whereNotNull('description').where('id', '>', after).orderBy('id').limit(PAGE).select('id', 'description');
    countWords(counts, rows.map((r) => r.description));
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    after = last.id;
  }
  countWords(counts, [...synonyms.values()].map((s) => s.label));
  return vocabularyFrom(counts);
}
