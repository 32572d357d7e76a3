import type { CodeSearchTerms } from './codeSearch';
import { isCatchAll, isDefaultForm, meaningfulWords, rootOf, wordMatch, wordsOf } from './codeWords';

/** A code the database found for a search, before ranking. */
export interface Candidate {
  compact: string;
  description: string | null;
  billable: boolean;
}

export interface Ranked<T> {
  code: T;
  /** "shingles -> zoster" when the code was found through a synonym or a spelling put right. */
  matched?: string;
}

/**
 * The order a coder would pick from, the same whatever database found the candidates:
 *   1. the code typed, exactly;
 *   2. codes that start with what was typed, in code order;
 *   3. codes found by words or a synonym: billable before categories; words as typed before a spelling
 *      put right; a code a synonym names outright; every word whole before words matched by their
 *      start; a HCPCS "not otherwise classified" or "unlisted" code last; fewer words the provider did not type (the shortest description with every word is
 *      usually the general code); "unspecified", "without complications" and "initial encounter"
 *      forms ahead of rarer specific ones; then the shorter description, then code order.
 * Codes that match no slot of the words are left out (a synonym's code must still match the other
 * words typed).
 */
export function rankCandidates<T extends Candidate>(terms: CodeSearchTerms, candidates: readonly T[], limit: number): Ranked<T>[] {
  const { codePrefix, slots, synonymCodes } = terms;
  const scored: { code: T; key: (number | string)[]; matched?: string }[] = [];
  const seen = new Set<string>();
  for (const code of candidates) {
    const identity = `${code.compact}|${code.description ?? ''}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    if (codePrefix && code.compact === codePrefix) {
      scored.push({ code, key: [0] });
      continue;
    }
    if (codePrefix && code.compact.startsWith(codePrefix)) {
      scored.push({ code, key: [1, code.compact] });
      continue;
    }
    const { words, roots, meaningful, defaultForm, catchAll } = analysisOf(code.description ?? '');
    const named = synonymCodes.findIndex((s) => s.compact === code.compact);
    const namedSlot = named >= 0 ? synonymCodes[named]?.slot : undefined;
    let corrected = false;
    let allWhole = true;
    let via: string | undefined;
    const covered = new Set<string>();
    let matchesEverySlot = slots.length > 0 || named >= 0;
    slots.forEach((slot, i) => {
      if (i === namedSlot) return;
      // The best alternative: whole words before starts, then the one that says most of the
      // description ("diabetes" -> type 2 diabetes mellitus), then words as typed before synonyms.
      let best: { level: number; said: number; alternative: (typeof slot.alternatives)[number] } | undefined;
      for (const alternative of slot.alternatives) {
        const level = Math.min(...alternative.words.map((w) => wordMatch(w, rootOf(w), words, roots)));
        if (level === 0) continue;
        const said = alternative.words.length;
        const better = !best || level > best.level || (level === best.level && (said > best.said || (said === best.said && rankOf(alternative) < rankOf(best.alternative))));
        if (better) best = { level, said, alternative };
      }
      if (!best) {
        matchesEverySlot = false;
        return;
      }
      if (best.level < 2) allWhole = false;
      if (best.alternative.corrected) corrected = true;
      via ??= best.alternative.via;
      for (const w of best.alternative.words) {
        const root = rootOf(w);
        words.forEach((d, j) => {
          if (d === w || roots[j] === root || d.startsWith(w)) covered.add(d);
        });
      }
    });
    if (!matchesEverySlot) continue;
    const extra = named >= 0 ? -1 : meaningful.filter((w) => !covered.has(w)).length;
    scored.push({
      code,
      key: [2, code.billable ? 0 : 1, corrected ? 1 : 0, allWhole ? 0 : 1, catchAll ? 1 : 0, extra, named >= 0 ? named : 0, defaultForm ? 0 : 1, words.length, code.compact],
      matched: named >= 0 ? synonymCodes[named]?.via : via,
    });
  }
  scored.sort((a, b) => compareKeys(a.key, b.key));
  return scored.slice(0, limit).map(({ code, matched }) => (matched ? { code, matched } : { code }));
}

interface Analysis {
  words: string[];
  roots: string[];
  meaningful: string[];
  defaultForm: boolean;
  catchAll: boolean;
}

/**
 * What ranking reads from a description, kept for the descriptions ranked lately: each keystroke of a
 * search ranks much the same few hundred codes again. Bounded; emptied when full.
 */
const analyses = new Map<string, Analysis>();
const MAX_ANALYSES = 20_000;

function analysisOf(description: string): Analysis {
  let analysis = analyses.get(description);
  if (!analysis) {
    const words = wordsOf(description);
    analysis = { words, roots: words.map(rootOf), meaningful: meaningfulWords(description), defaultForm: isDefaultForm(words), catchAll: isCatchAll(description) };
    if (analyses.size >= MAX_ANALYSES) analyses.clear();
    analyses.set(description, analysis);
  }
  return analysis;
}

function rankOf(alternative: { via?: string; corrected?: boolean }): number {
  return alternative.corrected ? 2 : alternative.via ? 1 : 0;
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -Infinity;
    const y = b[i] ?? -Infinity;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
