import type { Db } from '../database';
import type { SearchHelp } from '../../domain/codeSearch';
import { buildVocabulary } from '../../domain/spelling';
import { cached } from './cacheGenerations';
import { loadSynonyms } from './codeSynonyms';

/**
 * What the code search keeps in memory: the synonyms (OpenPA's and the plan's) and the word list for
 * spelling slips, built from every code description and synonym term. Kept until the `codes`
 * generation moves, which an import of a code set or of synonyms does in any process
 * (migrations/20261130060000), so the next request after an import builds them again.
 */
export async function codeSearchHelp(db: Db): Promise<SearchHelp> {
  return cached(db, 'codes', 'searchHelp', async () => {
    const synonyms = await loadSynonyms(db);
    const descriptions = (await db('codes').whereNotNull('description').select('description')).map((r) => r.description as string);
    const terms = [...synonyms.values()].map((s) => s.label);
    return { synonyms, vocabulary: buildVocabulary([...descriptions, ...terms]) };
  });
}
