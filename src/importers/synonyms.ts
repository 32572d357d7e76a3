import type { Db } from '../db/database';
import { replaceSynonyms } from '../db/repositories/codeSynonyms';
import { parseSynonymFile, SynonymFileError } from '../domain/codeSynonyms';
import { readDataFile, type ImportOptions, type ImportResult } from './release';

/**
 * A synonyms file (lay terms, abbreviations and clinical synonyms for the code search) replaces its
 * owner's synonyms, OpenPA's or the plan's, in one transaction, after the whole file has been checked.
 * The file names its own owner and version, as a rules file does.
 */
export async function importSynonyms(db: Db, options: ImportOptions): Promise<ImportResult> {
  const file = readDataFile(options, 'A synonyms file names its own owner and version', parseSynonymFile, SynonymFileError);
  await replaceSynonyms(db, file);
  const n = file.synonyms.length;
  return {
    counts: { rows: n, added: n, changed: 0, ended: 0, reopened: 0 },
    summary: `Synonyms ${file.version} (${file.owner === 'plan' ? "the plan's, over OpenPA's" : "OpenPA's"}): ${n} terms now in force for the code search.`,
  };
}
