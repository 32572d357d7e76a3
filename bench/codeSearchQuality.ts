/**
 * How well the code search finds what offices mean, on the code sets loaded in a database: the hit
 * rate at 1 and at 5 over OFFICE_PHRASINGS, and a check that every entry of OpenPA's synonyms file
 * resolves (each wording is said, word for word, by some description; each code exists and is
 * billable). Used by bench/codeSearch.ts; prints nothing itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../src/db/database';
import { DIAGNOSIS_SYSTEMS, findCode, PROCEDURE_SYSTEMS, searchCodes } from '../src/db/repositories/codes';
import { parseSynonymFile } from '../src/domain/codeSynonyms';
import { rootOf, wordsOf } from '../src/domain/codeWords';
import { STOP_WORDS } from '../src/domain/codeWords';
import { seedDataDir } from '../src/paths';
import { OFFICE_PHRASINGS, type Phrasing } from './officePhrasings';

export interface HitRates {
  total: number;
  at1: number;
  at5: number;
  byKind: Map<string, { total: number; at1: number; at5: number }>;
  misses: string[];
}

const systemsOf = (type: Phrasing['type']) => (type === 'diagnosis' ? DIAGNOSIS_SYSTEMS : PROCEDURE_SYSTEMS);

export async function hitRates(db: Db): Promise<HitRates> {
  const rates: HitRates = { total: 0, at1: 0, at5: 0, byKind: new Map(), misses: [] };
  for (const phrasing of OFFICE_PHRASINGS) {
    const found = (await searchCodes(db, systemsOf(phrasing.type), phrasing.typed, 5)).map((c) => c.code);
    const at = found.indexOf(phrasing.code);
    const kind = rates.byKind.get(phrasing.kind) ?? { total: 0, at1: 0, at5: 0 };
    for (const r of [rates, kind]) {
      r.total += 1;
      if (at === 0) r.at1 += 1;
      if (at >= 0) r.at5 += 1;
    }
    rates.byKind.set(phrasing.kind, kind);
    if (at !== 0) rates.misses.push(`${phrasing.typed} -> ${phrasing.code}: ${at < 0 ? 'not in the first 5' : `at ${at + 1}`} (first: ${found[0] ?? 'none'})`);
  }
  return rates;
}

export interface SynonymCheck {
  entries: number;
  wordings: number;
  codes: number;
  problems: string[];
}

/** Every entry of OpenPA's synonyms file against the code sets loaded. */
export async function checkSynonyms(db: Db): Promise<SynonymCheck> {
  const file = parseSynonymFile(JSON.parse(fs.readFileSync(path.join(seedDataDir, 'code-synonyms.json'), 'utf8')));
  // Which descriptions say each word (by its root), to tell whether some description says every word of a wording.
  const descriptions = (await db('codes').whereNotNull('description').where('billable', true).select('description')).map((r) => r.description as string);
  const saying = new Map<string, Set<number>>();
  descriptions.forEach((d, i) => {
    for (const w of wordsOf(d)) for (const key of new Set([w, rootOf(w)])) (saying.get(key) ?? saying.set(key, new Set()).get(key))?.add(i);
  });
  const check: SynonymCheck = { entries: file.synonyms.length, wordings: 0, codes: 0, problems: [] };
  for (const synonym of file.synonyms) {
    for (const meaning of synonym.means) {
      check.wordings += 1;
      const words = wordsOf(meaning).filter((w) => !STOP_WORDS.has(w));
      const sets = words.map((w) => new Set([...(saying.get(w) ?? []), ...(saying.get(rootOf(w)) ?? [])]));
      const [first, ...rest] = sets;
      const some = [...(first ?? [])].some((i) => rest.every((s) => s.has(i)));
      if (!some) check.problems.push(`"${synonym.label}": no description says "${meaning}"`);
    }
    for (const code of synonym.codes) {
      check.codes += 1;
      const found = await findCode(db, [...DIAGNOSIS_SYSTEMS, ...PROCEDURE_SYSTEMS], code.replace('.', ''));
      if (!found) check.problems.push(`"${synonym.label}": ${code} is not a code`);
      else if (!found.billable) check.problems.push(`"${synonym.label}": ${code} is a category`);
    }
  }
  return check;
}
