import { wordsOf } from './codeWords';

/**
 * The words the code descriptions (and the synonyms' terms) use, with how often, to put right a word
 * typed with one slip. Node's sqlite3 has no spellfix extension, so the list is held in memory and
 * built again when the code sets change (src/db/repositories/codeSearchData.ts).
 */
export interface Vocabulary {
  counts: Map<string, number>;
  /** Every word, sorted, to tell whether a word typed is the start of one. */
  sorted: string[];
}

export function buildVocabulary(texts: Iterable<string>): Vocabulary {
  const counts = new Map<string, number>();
  countWords(counts, texts);
  return vocabularyFrom(counts);
}

/** Adds the words of the texts to the counts: a list may be built a part at a time. */
export function countWords(counts: Map<string, number>, texts: Iterable<string>): void {
  for (const text of texts) for (const w of wordsOf(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
}

export function vocabularyFrom(counts: Map<string, number>): Vocabulary {
  return { counts, sorted: [...counts.keys()].sort() };
}

/** A word of the list, or the start of one ("hypert"): nothing to put right. */
export function isKnown(vocabulary: Vocabulary, word: string): boolean {
  if (vocabulary.counts.has(word)) return true;
  return (vocabulary.sorted[firstFrom(vocabulary.sorted, word)] ?? '').startsWith(word);
}

/** Where the word is, or would be, in the sorted list: the first word not before it. */
function firstFrom(list: readonly string[], word: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as string) < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Words shorter than this are not corrected: one letter off in a short word is another word. */
export const MIN_CORRECTED_LENGTH = 5;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The words of the list one slip away from a word that is not in it: one letter wrong, missing, extra,
 * or two letters swapped ("arthritus" -> arthritis, "hemorroids" -> hemorrhoids, "bronchitus" ->
 * bronchitis). The commonest first, at most `max`. None for a known word or a short one.
 */
export function correctionsOf(vocabulary: Vocabulary, word: string, max = 4): string[] {
  if (word.length < MIN_CORRECTED_LENGTH || !/^[a-z]+$/.test(word) || isKnown(vocabulary, word)) return [];
  const found = new Set<string>();
  const consider = (candidate: string) => {
    if (vocabulary.counts.has(candidate)) found.add(candidate);
  };
  for (let i = 0; i <= word.length; i++) {
    const before = word.slice(0, i);
    const after = word.slice(i);
    if (i < word.length) consider(before + after.slice(1)); // one letter extra
    if (i < word.length - 1) consider(before + (after[1] ?? '') + (after[0] ?? '') + after.slice(2)); // two swapped
    for (const letter of LETTERS) {
      consider(before + letter + after); // one letter missing
      if (i < word.length && letter !== after[0]) consider(before + letter + after.slice(1)); // one letter wrong
    }
  }
  return [...found].sort((a, b) => (vocabulary.counts.get(b) ?? 0) - (vocabulary.counts.get(a) ?? 0) || (a < b ? -1 : 1)).slice(0, max);
}

/**
 * About how many descriptions have a word (or, read as a start, a word beginning with it), from the
 * list's counts: a word's occurrences, an upper bound on the descriptions that have it. Not exact (the
 * index stems words, "fractures" is counted apart from "fracture"); a search only uses it to choose how
 * to read its matches, never what it finds.
 */
export function occurrences(vocabulary: Vocabulary, word: string, asStart: boolean): number {
  if (!asStart) return vocabulary.counts.get(word) ?? 0;
  const list = vocabulary.sorted;
  let total = 0;
  for (let i = firstFrom(list, word); i < list.length && (list[i] as string).startsWith(word); i++) total += vocabulary.counts.get(list[i] as string) ?? 0;
  return total;
}
