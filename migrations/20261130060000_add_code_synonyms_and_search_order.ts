import type { Knex } from 'knex';
import { searchPrior } from '../src/domain/codeWords';

/**
 * Code search that understands how offices speak (issue 16).
 *
 * - code_synonyms: the lay terms, abbreviations and clinical synonyms of OpenPA's file and of a plan's
 *   (src/domain/codeSynonyms.ts), one row per owner and term.
 * - codes.search_prior: how near a description is to the general code a coder picks, from its words
 *   (searchPrior). The search reads matches in this order and ranks only the first few hundred, so a
 *   broad word ("injury": 4,544 codes) never ranks thousands of rows.
 * - On SQLite the FTS5 index becomes code_words, whose rowid is the search order itself (code group,
 *   then search_prior, then the code's id), so that "the first 300 matches" are the likely ones and
 *   FTS5 stops reading there (https://sqlite.org/fts5.html: a rowid-ordered scan with LIMIT). It keeps
 *   no positions (detail=none): the search asks for words, never phrases. On PostgreSQL the GIN index
 *   stays, without its pending list (below): its matches, sorted by search_prior with a top-N sort, give
 *   the same first few hundred. (A btree on (search_prior, id) tempts the planner to walk it and test
 *   every row's words: 18 ms for "injury", where the GIN bitmap and the sort take 3.5.)
 * - cache_generations.codes: bumped when a code set is imported (code_sets) or synonyms are loaded,
 *   in any process, so that each portal process rebuilds its word list for spelling slips and its
 *   synonyms (src/db/repositories/codeSearchData.ts).
 */
const KEY = (row: 'new' | 'old') =>
  `((CASE ${row}.system WHEN 'ICD10CM' THEN 1 ELSE 2 END) * 1125899906842624 + ${row}.search_prior * 16777216 + ${row}.id)`;

export async function up(knex: Knex): Promise<void> {
  const postgres = knex.client.dialect === 'postgresql';
  await knex.schema.createTable('code_synonyms', (t) => {
    t.increments('id');
    t.string('owner', 10).notNullable(); // openpa | plan
    t.string('version', 40).notNullable();
    t.string('term', 120).notNullable();
    t.string('label', 60).notNullable();
    t.text('means').notNullable(); // JSON list of wordings
    t.text('codes').notNullable(); // JSON list of codes
    t.unique(['owner', 'term']);
  });

  await knex.schema.alterTable('codes', (t) => {
    t.integer('search_prior').notNullable().defaultTo(0);
  });
  await fillSearchPriors(knex);

  if (postgres) {
    // GIN's fast update keeps new entries in a pending list that every search reads through until a
    // vacuum merges it: right after an import of the code sets that is megabytes of entries, and a
    // 0.1 ms search took 7 ms (https://www.postgresql.org/docs/current/gin.html#GIN-FAST-UPDATE).
    // Imports are rare and searches constant: entries go straight into the index.
    await knex.raw('ALTER INDEX codes_description_words_index SET (fastupdate = off)');
    await knex.raw("SELECT gin_clean_pending_list('codes_description_words_index')");
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS codes_fts_after_update');
    await knex.raw('DROP TRIGGER IF EXISTS codes_fts_after_delete');
    await knex.raw('DROP TRIGGER IF EXISTS codes_fts_after_insert');
    await knex.raw('DROP TABLE IF EXISTS codes_fts');
    await createCodeWords(knex);
  }

  await knex.schema.alterTable('cache_generations', (t) => {
    t.bigInteger('codes').notNullable().defaultTo(0);
  });
  for (const table of ['code_sets', 'code_synonyms']) {
    if (postgres) {
      await knex.raw(`CREATE TRIGGER ${table}_bump_generation AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_generation('codes')`);
      continue;
    }
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await knex.raw(`CREATE TRIGGER ${table}_${event.toLowerCase()}_bumps_generation AFTER ${event} ON ${table} BEGIN UPDATE cache_generations SET codes = codes + 1 WHERE id = 1; END`);
    }
  }
}

async function fillSearchPriors(knex: Knex): Promise<void> {
  const byPrior = new Map<number, number[]>();
  for (const row of await knex('codes').whereNotNull('description').select('id', 'description')) {
    const prior = searchPrior(row.description as string);
    if (prior === 0) continue;
    byPrior.set(prior, [...(byPrior.get(prior) ?? []), row.id as number]);
  }
  for (const [prior, ids] of byPrior) {
    for (let i = 0; i < ids.length; i += 500) await knex('codes').whereIn('id', ids.slice(i, i + 500)).update({ search_prior: prior });
  }
}

async function createCodeWords(knex: Knex): Promise<void> {
  await knex.raw("CREATE VIRTUAL TABLE code_words USING fts5(description, tokenize='porter unicode61 remove_diacritics 2', detail=none)");
  await knex.raw(`INSERT INTO code_words(rowid, description) SELECT ${KEY('new').replace(/new\./g, '')}, description FROM codes WHERE description IS NOT NULL`);
  await knex.raw(`CREATE TRIGGER code_words_after_insert AFTER INSERT ON codes WHEN new.description IS NOT NULL BEGIN
    INSERT INTO code_words(rowid, description) VALUES (${KEY('new')}, new.description);
  END`);
  await knex.raw(`CREATE TRIGGER code_words_after_delete AFTER DELETE ON codes BEGIN
    DELETE FROM code_words WHERE rowid = ${KEY('old')};
  END`);
  await knex.raw(`CREATE TRIGGER code_words_after_update AFTER UPDATE OF system, description, search_prior ON codes BEGIN
    DELETE FROM code_words WHERE rowid = ${KEY('old')};
    INSERT INTO code_words(rowid, description) SELECT ${KEY('new')}, new.description WHERE new.description IS NOT NULL;
  END`);
}

export async function down(knex: Knex): Promise<void> {
  const postgres = knex.client.dialect === 'postgresql';
  for (const table of ['code_sets', 'code_synonyms']) {
    if (postgres) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_bump_generation ON ${table}`);
    else for (const event of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_${event}_bumps_generation`);
  }
  // ALTER TABLE ... DROP COLUMN in place: knex's SQLite dropColumn copies the table, losing its triggers.
  await knex.raw('ALTER TABLE cache_generations DROP COLUMN codes');
  if (postgres) {
    await knex.raw('ALTER INDEX codes_description_words_index RESET (fastupdate)');
  } else {
    for (const event of ['insert', 'delete', 'update']) await knex.raw(`DROP TRIGGER IF EXISTS code_words_after_${event}`);
    await knex.raw('DROP TABLE IF EXISTS code_words');
    // The index and triggers of 20261125000200, as they were.
    await knex.raw("CREATE VIRTUAL TABLE codes_fts USING fts5(description, content='codes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')");
    await knex.raw(`CREATE TRIGGER codes_fts_after_insert AFTER INSERT ON codes BEGIN
      INSERT INTO codes_fts(rowid, description) VALUES (new.id, new.description);
    END`);
    await knex.raw(`CREATE TRIGGER codes_fts_after_delete AFTER DELETE ON codes BEGIN
      INSERT INTO codes_fts(codes_fts, rowid, description) VALUES ('delete', old.id, old.description);
    END`);
    await knex.raw(`CREATE TRIGGER codes_fts_after_update AFTER UPDATE OF description ON codes BEGIN
      INSERT INTO codes_fts(codes_fts, rowid, description) VALUES ('delete', old.id, old.description);
      INSERT INTO codes_fts(rowid, description) VALUES (new.id, new.description);
    END`);
    await knex.raw("INSERT INTO codes_fts(codes_fts) VALUES ('rebuild')");
  }
  await knex.raw('ALTER TABLE codes DROP COLUMN search_prior');
  await knex.schema.dropTable('code_synonyms');
}
