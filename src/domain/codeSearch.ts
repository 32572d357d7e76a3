import { MAX_TERM_WORDS, wordsKey, type Synonym } from './codeSynonyms';
import { STOP_WORDS, wordsOf } from './codeWords';
import { correctionsOf, occurrences, type Vocabulary } from './spelling';

/**
 * What a provider typed in a code search, read two ways: as the start of a code (with or without the
 * dot, any case) and as words of a description. Each word, or each run of words that is a synonym's
 * term ("kidney stones", "dm2"), is a slot: the description must match every slot, and a slot
 * matches through any of its alternatives (the words as typed, what the synonym means, a spelling put
 * right). The full-text queries are built only from letters and digits, so nothing typed is ever read
 * as query syntax: on SQLite an FTS5 query with each token quoted (", *, OR, NEAR(, ^, :, parentheses:
 * https://sqlite.org/fts5.html#full_text_query_syntax), on PostgreSQL a tsquery (&, |, !, <->, :*,
 * quotes: https://www.postgresql.org/docs/current/datatype-textsearch.html#DATATYPE-TSQUERY).
 */
export interface CodeSearchTerms {
  /** Upper case without dots or spaces, when the text could be the start of a code. */
  codePrefix: string | undefined;
  /** The words, each a slot the description must match. */
  slots: WordSlot[];
  /** Codes a synonym's term stands for ("bipap" -> E0471), with the words that led there. */
  synonymCodes: { compact: string; slot: number; via: string }[];
}

export interface WordSlot {
  /** The words as typed (stop words dropped). */
  typed: string[];
  alternatives: Alternative[];
}

export interface Alternative {
  words: string[];
  /** "shingles -> zoster": shown with a result found this way; none for the words as typed. */
  via?: string;
  /** A spelling put right: ranked after every match of words as typed. */
  corrected?: boolean;
}

/** More words than this add nothing to a search and only cost time. */
const MAX_WORDS = 8;

export interface SearchHelp {
  synonyms?: ReadonlyMap<string, Synonym>;
  vocabulary?: Vocabulary;
}

export function codeSearchTerms(text: string, help: SearchHelp = {}): CodeSearchTerms {
  const trimmed = text.normalize('NFKC').trim();
  const compact = trimmed.toUpperCase().replace(/[.\s]/g, '');
  const codePrefix = /^[A-Z0-9]{1,7}$/.test(compact) ? compact : undefined;
  const words = searchWords(trimmed);
  const slots: WordSlot[] = [];
  const synonymCodes: CodeSearchTerms['synonymCodes'] = [];
  // A word that is not in the code sets' words, put right, may complete a term ("oxygen concentrater").
  const corrections = words.map((w) => (help.vocabulary ? correctionsOf(help.vocabulary, w) : []));
  const options = words.map((w, i) => (corrections[i]?.length ? (corrections[i] as string[]) : [w]));
  for (let i = 0; i < words.length; ) {
    const found = help.synonyms ? longestTerm(help.synonyms, options, i) : undefined;
    if (found) {
      const { synonym, said } = found;
      const length = said.length;
      const typed = words.slice(i, i + length);
      const corrected = typed.some((w, j) => w !== said[j]);
      const label = corrected ? `${typed.join(' ')} -> ${said.join(' ')}` : typed.join(' ');
      const alternatives: Alternative[] = [corrected ? { words: said, via: label, corrected } : { words: typed }];
      for (const meaning of synonym.means) alternatives.push({ words: searchWords(meaning), via: `${label} -> ${meaning.toLowerCase()}`, ...(corrected ? { corrected } : {}) });
      // Said in words where the term has them ("shingles -> zoster"), the code otherwise.
      const named = synonym.means[0]?.toLowerCase();
      for (const code of synonym.codes) synonymCodes.push({ compact: code.replace('.', ''), slot: slots.length, via: `${label} -> ${named ?? code}` });
      slots.push({ typed, alternatives: alternatives.filter((a) => a.words.length > 0) });
      i += length;
      continue;
    }
    const word = words[i] as string;
    const rights = corrections[i] ?? [];
    // A word not in the list matches only through its stem ("migrane" -> migrans): no better than a word put right.
    const alternatives: Alternative[] = [rights.length > 0 ? { words: [word], corrected: true } : { words: [word] }];
    for (const right of rights) {
      // A word put right may itself be a synonym's term ("shingels" -> shingles -> zoster).
      const synonym = help.synonyms?.get(wordsKey([right]));
      alternatives.push({ words: [right], via: `${word} -> ${right}`, corrected: true });
      for (const meaning of synonym?.means ?? []) alternatives.push({ words: searchWords(meaning), via: `${word} -> ${right} -> ${meaning.toLowerCase()}`, corrected: true });
    }
    slots.push({ typed: [word], alternatives });
    i += 1;
  }
  return { codePrefix, slots, synonymCodes };
}

/**
 * The longest synonym term that starts at position `start`, if any, and the words that make it: each
 * position is the word typed, or the ways it may be put right when it is not a word of the list.
 */
function longestTerm(synonyms: ReadonlyMap<string, Synonym>, options: readonly string[][], start: number): { synonym: Synonym; said: string[] } | undefined {
  for (let length = Math.min(MAX_TERM_WORDS, options.length - start); length >= 1; length--) {
    let spans: string[][] = [[]];
    for (const choices of options.slice(start, start + length)) spans = spans.flatMap((span) => choices.map((c) => [...span, c]));
    for (const said of spans) {
      const synonym = synonyms.get(wordsKey(said));
      if (synonym) return { synonym, said };
    }
  }
  return undefined;
}

/** The words searched for: lower case letters and digits, stop words dropped unless they are all there is. */
export function searchWords(text: string): string[] {
  const tokens = wordsOf(text).slice(0, 32);
  const meaningful = tokens.filter((t) => !STOP_WORDS.has(t));
  return [...new Set(meaningful.length > 0 ? meaningful : tokens)].slice(0, MAX_WORDS);
}

/**
 * The FTS5 query: every slot (AND), each through any alternative (OR), each alternative every one of
 * its words. As whole words, or each word typed as a prefix ("hypert" finds "hypertension";
 * readAsStart); the porter stemmer lets "fractures" find "fracture" either way.
 */
export function ftsMatchExpression(slots: readonly WordSlot[], prefix: boolean): string | undefined {
  if (slots.length === 0) return undefined;
  return slots.map((s) => `(${s.alternatives.map((a) => `(${a.words.map((w) => `"${w}"${readAsStart(prefix, a, w) ? '*' : ''}`).join(' AND ')})`).join(' OR ')})`).join(' AND ');
}

/** Shorter starts than this are only ever whole words: "b" or "pt" as a start is hundreds of words, every one read. */
export const MIN_START_LENGTH = 3;

/**
 * Whether a word of the query is read as the start of a word: only a word as typed (the provider may
 * not have finished it), never a number ("2" is not typed as the start of "20"), never a start of one
 * or two letters, and never the words of what a synonym means or of a spelling put right, which are
 * whole words of the code sets ("vitamin b 12" read as starts would read every word beginning with b).
 * A search with no such word has nothing to look for by starts.
 */
export function readsAnyStart(slots: readonly WordSlot[]): boolean {
  return slots.some((s) => s.alternatives.some((a) => a.words.some((w) => readAsStart(true, a, w))));
}

function readAsStart(prefix: boolean, alternative: Alternative, word: string): boolean {
  return prefix && alternative.via === undefined && word.length >= MIN_START_LENGTH && !/^\d+$/.test(word);
}

/**
 * The same query for PostgreSQL's to_tsquery, stemmed by its english configuration as the
 * descriptions are. Accents are already off (wordsOf), as the official descriptions are plain ASCII.
 */
export function tsQueryExpression(slots: readonly WordSlot[], prefix: boolean): string | undefined {
  if (slots.length === 0) return undefined;
  return slots.map((s) => `(${s.alternatives.map((a) => `(${a.words.map((w) => `${w}${readAsStart(prefix, a, w) ? ':*' : ''}`).join(' & ')})`).join(' | ')})`).join(' & ');
}

/**
 * At most about how many descriptions the words can match (each slot bounds it: the sum over its
 * alternatives of their rarest word), from the word list; undefined without one. "injury" is 4,544,
 * "shingles" a few dozen.
 */
export function matchesAtMost(slots: readonly WordSlot[], vocabulary: Vocabulary | undefined, prefix: boolean): number | undefined {
  if (!vocabulary || slots.length === 0) return undefined;
  let least = Infinity;
  for (const slot of slots) {
    let sum = 0;
    for (const alternative of slot.alternatives) sum += Math.min(...alternative.words.map((w) => occurrences(vocabulary, w, readAsStart(prefix, alternative, w))));
    least = Math.min(least, sum);
  }
  return least;
}
