/**
 * What a provider typed in a code search, read two ways: as the start of a code (with or without the
 * dot, any case) and as words of a description. The words become an FTS5 query built only from
 * letters and digits, each token quoted, so nothing typed is ever read as FTS5 syntax (", *, OR,
 * NEAR(, ^, :, parentheses): https://sqlite.org/fts5.html#full_text_query_syntax
 */
export interface CodeSearchTerms {
  /** Upper case without dots or spaces, when the text could be the start of a code. */
  codePrefix: string | undefined;
  /** An FTS5 MATCH expression over the description, when the text has words. */
  match: string | undefined;
}

/** Words that carry no meaning in a code description; dropped unless they are all there is. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'is', 'of', 'on', 'or', 'the', 'to']);

/** More words than this add nothing to a search and only cost time. */
const MAX_WORDS = 8;

export function codeSearchTerms(text: string): CodeSearchTerms {
  const trimmed = text.normalize('NFKC').trim();
  const compact = trimmed.toUpperCase().replace(/[.\s]/g, '');
  const codePrefix = /^[A-Z0-9]{1,7}$/.test(compact) ? compact : undefined;
  return { codePrefix, match: ftsMatchExpression(trimmed) };
}

/**
 * Every word must appear (FTS5's implicit AND); each is a prefix, so "hypert" finds "hypertension"
 * and, through the porter stemmer, "fractures" finds "fracture".
 */
export function ftsMatchExpression(text: string): string | undefined {
  const tokens = (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 32);
  const meaningful = tokens.filter((t) => !STOP_WORDS.has(t));
  const words = [...new Set(meaningful.length > 0 ? meaningful : tokens)].slice(0, MAX_WORDS);
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}
