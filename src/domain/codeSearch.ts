/**
 * What a provider typed in a code search, read two ways: as the start of a code (with or without the
 * dot, any case) and as words of a description. The words become a full-text query built only from
 * letters and digits, so nothing typed is ever read as query syntax: on SQLite an FTS5 query with each
 * token quoted (", *, OR, NEAR(, ^, :, parentheses: https://sqlite.org/fts5.html#full_text_query_syntax),
 * on PostgreSQL a tsquery (&, |, !, <->, :*, quotes:
 * https://www.postgresql.org/docs/current/datatype-textsearch.html#DATATYPE-TSQUERY).
 */
export interface CodeSearchTerms {
  /** Upper case without dots or spaces, when the text could be the start of a code. */
  codePrefix: string | undefined;
  /** An FTS5 MATCH expression over the description, when the text has words. */
  match: string | undefined;
  /** The same words as a PostgreSQL tsquery (for to_tsquery), when the text has words. */
  tsQuery: string | undefined;
}

/** Words that carry no meaning in a code description; dropped unless they are all there is. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'is', 'of', 'on', 'or', 'the', 'to']);

/** More words than this add nothing to a search and only cost time. */
const MAX_WORDS = 8;

export function codeSearchTerms(text: string): CodeSearchTerms {
  const trimmed = text.normalize('NFKC').trim();
  const compact = trimmed.toUpperCase().replace(/[.\s]/g, '');
  const codePrefix = /^[A-Z0-9]{1,7}$/.test(compact) ? compact : undefined;
  return { codePrefix, match: ftsMatchExpression(trimmed), tsQuery: tsQueryExpression(trimmed) };
}

/** The words searched for: lower case letters and digits, stop words dropped unless they are all there is. */
function searchWords(text: string): string[] {
  const tokens = (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 32);
  const meaningful = tokens.filter((t) => !STOP_WORDS.has(t));
  return [...new Set(meaningful.length > 0 ? meaningful : tokens)].slice(0, MAX_WORDS);
}

/**
 * Every word must appear (FTS5's implicit AND); each is a prefix, so "hypert" finds "hypertension"
 * and, through the porter stemmer, "fractures" finds "fracture".
 */
export function ftsMatchExpression(text: string): string | undefined {
  const words = searchWords(text);
  if (words.length === 0) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}

/**
 * The same search for PostgreSQL: every word (&), each a prefix (:*), stemmed by to_tsquery's english
 * configuration as the descriptions are. Accents are taken off, as FTS5's remove_diacritics does, since
 * PostgreSQL's english configuration keeps them and the official descriptions are plain ASCII.
 */
export function tsQueryExpression(text: string): string | undefined {
  const words = searchWords(text)
    .map((w) => w.normalize('NFD').replace(/\p{M}/gu, ''))
    .filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  return [...new Set(words)].map((w) => `${w}:*`).join(' & ');
}
