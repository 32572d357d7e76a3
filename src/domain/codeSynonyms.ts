import { STOP_WORDS, wordsOf } from './codeWords';

/**
 * The words offices use for what the code files say otherwise: lay terms ("shingles"), abbreviations
 * ("dm2", "ra", "bipap") and clinical synonyms, each mapped to the official wording ("zoster") and/or
 * straight to codes. OpenPA ships its own file (src/seed/data/code-synonyms.json); a plan may load
 * one of its own, which adds to OpenPA's and, for a term in both, wins.
 */
export interface Synonym {
  /** The term as searched: its words, lower case, stop words dropped, plurals singular ("kidney stone"). */
  term: string;
  /** The term as the file spells it, for "matched: shingles -> zoster". */
  label: string;
  /** Official wordings the term stands for; any one of them may match. */
  means: string[];
  /** Codes (as written, with or without the dot) the term stands for. */
  codes: string[];
}

export const SYNONYM_OWNERS = ['openpa', 'plan'] as const;
export type SynonymOwner = (typeof SYNONYM_OWNERS)[number];

export interface SynonymFile {
  owner: SynonymOwner;
  version: string;
  synonyms: Synonym[];
}

export class SynonymFileError extends Error {}

/** Terms longer than this many words are not looked for. */
export const MAX_TERM_WORDS = 4;

/** "stones" and "stone" are one term; "abscess", "virus" and "arthritis" keep their s. */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * The key a term is looked up by: its words, stop words dropped, each singular, in alphabetical order
 * ("concentrator oxygen" is "oxygen concentrator" typed the other way round).
 */
export function termKey(text: string): string {
  const words = wordsOf(text);
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  return wordsKey(meaningful.length > 0 ? meaningful : words);
}

export function wordsKey(words: readonly string[]): string {
  return words.map(singular).sort().join(' ');
}

function fail(message: string): never {
  throw new SynonymFileError(message);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Reads a synonyms file: `{ "owner": "openpa" | "plan", "version": "...", "synonyms": [ { "term":
 * "shingles", "means": ["zoster"] }, { "term": "bipap", "codes": ["E0471"] } ] }`. "means" may be one
 * wording or a list. Every problem names the entry, so the file can be fixed.
 */
export function parseSynonymFile(data: unknown): SynonymFile {
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail('A synonyms file is a JSON object with owner, version and synonyms');
  const file = data as Record<string, unknown>;
  const owner = file.owner;
  if (typeof owner !== 'string' || !(SYNONYM_OWNERS as readonly string[]).includes(owner)) fail(`owner must be one of ${SYNONYM_OWNERS.join(', ')}`);
  if (!isText(file.version) || file.version.length > 40) fail('version must be text of 40 characters or fewer');
  if (!Array.isArray(file.synonyms) || file.synonyms.length === 0) fail('synonyms must be a list of entries');
  const seen = new Map<string, number>();
  const synonyms = file.synonyms.map((entry: unknown, i): Synonym => {
    const at = `synonyms[${i}]`;
    if (!entry || typeof entry !== 'object') fail(`${at} must be an object with term and means or codes`);
    const e = entry as Record<string, unknown>;
    if (!isText(e.term) || e.term.length > 60) fail(`${at}: term must be text of 60 characters or fewer`);
    const term = termKey(e.term);
    if (term === '' || term.split(' ').length > MAX_TERM_WORDS) fail(`${at} (${e.term}): a term has 1 to ${MAX_TERM_WORDS} words`);
    const means = e.means === undefined ? [] : Array.isArray(e.means) ? e.means : [e.means];
    if (!means.every((m) => isText(m) && m.length <= 120 && wordsOf(m).length > 0)) fail(`${at} (${e.term}): means must be a wording or a list of wordings`);
    const codes = e.codes === undefined ? [] : e.codes;
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string' && /^[A-Za-z0-9]{1,3}(\.?[A-Za-z0-9]{1,4})?$/.test(c))) fail(`${at} (${e.term}): codes must be a list of codes`);
    if (means.length === 0 && codes.length === 0) fail(`${at} (${e.term}): give the wording it means, or its codes`);
    const before = seen.get(term);
    if (before !== undefined) fail(`${at} (${e.term}): the same term as synonyms[${before}]`);
    seen.set(term, i);
    return { term, label: e.term.trim(), means: (means as string[]).map((m) => m.trim()), codes: (codes as string[]).map((c) => c.toUpperCase()) };
  });
  return { owner: owner as SynonymOwner, version: file.version.trim(), synonyms };
}

/** OpenPA's synonyms with a plan's: the plan's added, and the plan's entry kept for a term in both. */
export function mergeSynonyms(ours: readonly Synonym[], plans: readonly Synonym[]): Map<string, Synonym> {
  const merged = new Map<string, Synonym>();
  for (const s of ours) merged.set(s.term, s);
  for (const s of plans) merged.set(s.term, s);
  return merged;
}
