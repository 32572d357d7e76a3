import type { Knex } from 'knex';

/**
 * Code search reads a word typed as the start of a word ("hypert", and every word of a search that
 * whole words did not fill) with FTS5's prefix queries. Without a prefix index FTS5 merges the entries
 * of every word that begins with the start: "type*" or "pain*" are thousands of entries, and "knee pain
 * right" read as starts took 5 ms, "diabetes type 2" 11 ms. Starts of 3, 4 and 5 letters, the ones
 * that begin many words, are indexed as such (https://sqlite.org/fts5.html#prefix_indexes): 0.6 ms.
 * Longer starts begin few words. Shorter ones are never read as starts (src/domain/codeSearch.ts).
 *
 * The table is made again with the same rows (its rowid is the search order: migrations/20261130060000);
 * the triggers on codes that keep it name it only, so they stay. SQLite only: PostgreSQL's GIN index
 * reads a tsquery start from its sorted entries.
 */
const TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2', detail=none";

async function remake(knex: Knex, options: string): Promise<void> {
  if (knex.client.dialect === 'postgresql') return;
  await knex.raw('CREATE TEMP TABLE code_words_copy AS SELECT rowid AS k, description FROM code_words');
  await knex.raw('DROP TABLE code_words');
  await knex.raw(`CREATE VIRTUAL TABLE code_words USING fts5(description, ${TOKENIZE}${options})`);
  await knex.raw('INSERT INTO code_words(rowid, description) SELECT k, description FROM code_words_copy');
  await knex.raw('DROP TABLE code_words_copy');
}

export async function up(knex: Knex): Promise<void> {
  await remake(knex, ", prefix='3 4 5'");
}

export async function down(knex: Knex): Promise<void> {
  await remake(knex, '');
}
