import type { Db } from '../db/database';
import { importCpt } from './cpt';
import { importHcpcs } from './hcpcs';
import { importIcd10cm } from './icd10cm';
import { importPos } from './placesOfService';
import { importProviders } from './providers';
import type { ImportOptions, ImportResult } from './release';
import { importRules } from './rules';
import { importSynonyms } from './synonyms';

export type ImportKind = 'icd10cm' | 'hcpcs' | 'pos' | 'providers' | 'cpt' | 'rules' | 'synonyms';

/** Each kind of file `npm run import -- <kind> <file>` takes, with what it is, for the usage message. */
export const IMPORTERS: Record<ImportKind, { what: string; run: (db: Db, options: ImportOptions) => Promise<ImportResult> }> = {
  icd10cm: { what: 'ICD-10-CM codes file from CDC/CMS (fixed width, like icd10cm-codes-2026.txt)', run: importIcd10cm },
  hcpcs: { what: 'HCPCS Level II: the CMS ANWEB fixed-width file, or CSV HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION', run: importHcpcs },
  pos: { what: 'place-of-service codes, CSV code,name,description', run: importPos },
  providers: { what: 'NPPES npidata CSV (the CMS monthly NPI file, or an extract with its header)', run: importProviders },
  cpt: { what: 'CPT codes, CSV code,description, from the plan\'s AMA licence', run: importCpt },
  rules: { what: 'coverage rules, categories and questionnaires (JSON, like src/seed/data/coverage-rules.json)', run: importRules },
  synonyms: { what: 'code search synonyms: lay terms and abbreviations (JSON, like src/seed/data/code-synonyms.json; owner "plan" adds to OpenPA\'s)', run: importSynonyms },
};

export function isImportKind(kind: string): kind is ImportKind {
  return Object.hasOwn(IMPORTERS, kind);
}
