/**
 * The words of a code description or of a search, as the ranking and the spelling check read them:
 * lower case runs of letters and digits, accents taken off (as FTS5's remove_diacritics does).
 */
export function wordsOf(text: string): string[] {
  // The official descriptions are plain ASCII: the quick way for them, Unicode's for anything else.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Words that carry no meaning in a code description; dropped from a search unless they are all there is. */
export const STOP_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'is', 'of', 'on', 'or', 'the', 'to']);

/** Words of a description that say nothing a provider would type ("e.g.", "due to"). */
const FILLER_WORDS = new Set([...STOP_WORDS, 'e', 'g', 'eg', 'due', 'i', 'ie', 'each', 'per', 'pair', 'includes']);

/**
 * Words of the form a coder takes when the provider's words give nothing more specific: "Low back
 * pain, unspecified", "Zoster without complications", "... initial encounter for closed fracture",
 * "Radiculopathy, site unspecified". They are not counted as words the provider did not ask for, and a
 * description that has them comes ahead of a rarer specific one (ICD-10-CM Official Guidelines I.B.18:
 * the unspecified code is the one to use when the record says no more).
 */
export const DEFAULT_FORM_WORDS = new Set(['unspecified', 'initial', 'encounter', 'without', 'complications', 'complication', 'uncomplicated', 'closed', 'site', 'nos', 'organism', 'essential', 'primary', 'prefabricated', 'off', 'shelf', 'severity']);

/** A word of a description that counts against it when the provider did not type it. */
export function isMeaningful(word: string): boolean {
  return !FILLER_WORDS.has(word) && !DEFAULT_FORM_WORDS.has(word);
}

/** The words that say what a default form is (a subset of DEFAULT_FORM_WORDS). */
const DEFAULT_MARKERS = new Set(['unspecified', 'initial', 'without', 'uncomplicated', 'nos', 'not', 'any']);

export function isDefaultForm(words: readonly string[]): boolean {
  return words.some((w) => DEFAULT_MARKERS.has(w));
}

/**
 * What follows "without", "not" or "any" up to the next comma or bracket says what the code is not
 * ("without complications", "not specified as acute or chronic", "not intractable, without status
 * migrainosus", "any type"): the general form, not words a provider left out. "Otherwise" still counts:
 * a HCPCS "not otherwise classified" code is the last resort, not the general one.
 */
const CLAUSE_OPENERS = new Set(['without', 'not', 'any', 'no']);

/** The words of a description that count against it when the provider did not type them. */
export function meaningfulWords(description: string): string[] {
  const found: string[] = [];
  // Words in parentheses are nonessential modifiers (ICD-10-CM Official Guidelines I.A.7): "Obstructive
  // sleep apnea (adult) (pediatric)" says no more than "Obstructive sleep apnea".
  // A "without" list runs on over commas while its parts name the same thing or join it ("without
  // behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety"), and ends at a part
  // that says something else ("without aura, intractable").
  let open = false;
  let withoutHead: string | undefined;
  for (const clause of description.replace(/\([^()]*\)/g, ',').split(/[,;:[\]]/)) {
    const words = wordsOf(clause);
    const continues = withoutHead !== undefined && (words.includes(withoutHead) || words[0] === 'and' || words[0] === 'or');
    if (!continues) {
      open = false;
      withoutHead = undefined;
    }
    for (const word of words) {
      if (CLAUSE_OPENERS.has(word)) open = true;
      if ((!open || word === 'otherwise') && isMeaningful(word)) found.push(word);
      // A part, a replacement or an accessory is not the thing itself: it counts twice.
      if (!open && PART_WORDS.has(word)) found.push(word);
    }
    if (words.includes('without')) withoutHead = words[words.length - 1];
  }
  return found;
}

const PART_WORDS = new Set(['replacement', 'accessory', 'addition', 'attachment', 'extension']);

/**
 * A HCPCS "not otherwise classified" or "unlisted" code is the last resort for what no other code
 * describes, never the likely one: it comes after every other code matched as well.
 */
export function isCatchAll(description: string): boolean {
  return /\bnot otherwise (classified|specified)\b|\bunlisted\b|\bnoc\b/i.test(description);
}

const SUFFIXES = ['ations', 'ation', 'ences', 'ence', 'ances', 'ance', 'ents', 'ent', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'al', 'ic', 's', 'e', 'y'];

/**
 * A crude common root ("fractures" and "fracture" -> "fractur", "dependent" and "dependence" ->
 * "depend"), enough to tell that a word the full-text index matched through its stemmer is the
 * word typed rather than a longer one that starts with it.
 */
export function rootOf(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/** How a word typed (with its root) is found among a description's words: 2 as a whole word, 1 as the start of one, 0 not at all. */
export function wordMatch(typed: string, root: string, words: readonly string[], roots: readonly string[]): 0 | 1 | 2 {
  let best: 0 | 1 | 2 = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === typed || roots[i] === root) return 2;
    if (w.startsWith(typed)) best = 1;
  }
  return best;
}

/**
 * How near a description is to the general code a coder picks, known from its words alone: the
 * number of its meaningful words (default-form and stop words left out), doubled, plus one when it is
 * not a default form. The search index keeps codes in this order, so that the first few hundred
 * matches of a broad word are the likely ones and never thousands are ranked.
 */
export function searchPrior(description: string | null): number {
  if (!description) return 0;
  return Math.min(meaningfulWords(description).length, 500) * 2 + (isDefaultForm(wordsOf(description)) ? 0 : 1);
}
