import type { Knex } from 'knex';

/**
 * PostgreSQL: a broad word ("unspecified": 23,711 diagnosis codes) made the code search read every
 * matching row from the table to sort them by search_prior and keep the first 200 (12 ms; the GIN
 * index itself answers in 1). GIN gives matches in no useful order, and a btree on search_prior walks
 * thousands of rows before it meets 200 matches of a word found mostly in long descriptions.
 *
 * So each description's words also say its place in the search order, as one more lexeme "~pN"
 * (N = search_prior, 40 and over as 40), which no description can produce (the parser never keeps a
 * "~"). The search asks for the words AND a band of places, band after band in search order, and
 * stops once it has 200 (src/db/repositories/codes.ts, SEARCH_BANDS): the index intersects the word's
 * entries with the band's, and only that band's matches are read from the table.
 * SQLite is unchanged: its index's rowid is the search order itself (migrations/20261130060000).
 */
const WORDS = "to_tsvector('english', coalesce(description, ''))";

async function remake(knex: Knex, expression: string): Promise<void> {
  if (knex.client.dialect !== 'postgresql') return;
  await knex.raw('DROP INDEX IF EXISTS codes_description_words_index');
  await knex.raw('ALTER TABLE codes DROP COLUMN description_words');
  await knex.raw(`ALTER TABLE codes ADD COLUMN description_words tsvector GENERATED ALWAYS AS (${expression}) STORED`);
  // Without the pending list, as migrations/20261130060000 set it: entries go straight into the index.
  await knex.raw('CREATE INDEX codes_description_words_index ON codes USING gin (description_words) WITH (fastupdate = off)');
}

export async function up(knex: Knex): Promise<void> {
  await remake(knex, `${WORDS} || array_to_tsvector(ARRAY['~p' || least(search_prior, 40)::text])`);
}

export async function down(knex: Knex): Promise<void> {
  await remake(knex, WORDS);
}
