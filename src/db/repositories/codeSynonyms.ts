import type { Db } from '../database';
import { mergeSynonyms, type Synonym, type SynonymFile, type SynonymOwner } from '../../domain/codeSynonyms';
import { forgetCached } from './cacheGenerations';
import { importTransaction } from './importLock';

/** A synonyms file replaces every synonym of its owner (OpenPA's or the plan's), in one transaction. */
export async function replaceSynonyms(db: Db, file: SynonymFile): Promise<void> {
  await importTransaction(db, async (trx) => {
    await trx('code_synonyms').where({ owner: file.owner }).delete();
    const rows = file.synonyms.map((s) => ({ owner: file.owner, version: file.version, term: s.term, label: s.label, means: JSON.stringify(s.means), codes: JSON.stringify(s.codes) }));
    for (let i = 0; i < rows.length; i += 100) await trx('code_synonyms').insert(rows.slice(i, i + 100));
  });
  forgetCached(db, 'codes');
}

/** The version of each owner's synonyms loaded, if any. */
export async function synonymVersions(db: Db): Promise<Partial<Record<SynonymOwner, string>>> {
  const rows = await db('code_synonyms').distinct('owner', 'version');
  return Object.fromEntries(rows.map((r) => [r.owner, r.version]));
}

/** OpenPA's synonyms with the plan's over them (mergeSynonyms). */
export async function loadSynonyms(db: Db): Promise<Map<string, Synonym>> {
  const rows = await db('code_synonyms').select('owner', 'term', 'label', 'means', 'codes').orderBy('id');
  const of = (owner: SynonymOwner) =>
    rows.filter((r) => r.owner === owner).map((r): Synonym => ({ term: r.term, label: r.label, means: JSON.parse(r.means) as string[], codes: JSON.parse(r.codes) as string[] }));
  return mergeSynonyms(of('openpa'), of('plan'));
}
