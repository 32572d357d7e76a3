import type { Knex } from 'knex';
import { isPostgres } from '../src/db/dialect';

/**
 * Full-text search over code descriptions, the releases of each code set, and the columns the official
 * files bring (a provider's primary taxonomy, the dates a place-of-service code is in force).
 *
 * codes_fts is an FTS5 external-content index over codes.description: it stores only the index, the
 * text stays in codes. Triggers keep it in step inside whatever transaction writes codes, so an import
 * that rolls back leaves the index as it was (https://sqlite.org/fts5.html#external_content_tables).
 * The porter stemmer lets "fractures" find "Fracture of ..." and "dependent" find "dependence".
 * PostgreSQL has its own full-text search instead: see createPostgresSearch.
 */
export async function up(knex: Knex): Promise<void> {
  if (isPostgres(knex)) await createPostgresSearch(knex);
  else await createSqliteSearch(knex);

  // One row per release imported: what it was, when it takes effect, and what the import changed.
  await knex.schema.createTable('code_sets', (t) => {
    t.increments('id');
    t.string('system').notNullable(); // ICD10CM | HCPCS | CPT | POS | NPPES
    t.string('version').notNullable();
    t.string('effective_date', 10).notNullable();
    t.string('source_file').notNullable();
    t.string('imported_at').notNullable();
    t.integer('row_count').notNullable();
    t.integer('added').notNullable();
    t.integer('changed').notNullable();
    t.integer('ended').notNullable();
    t.integer('reopened').notNullable();
    t.unique(['system', 'version']);
  });

  await knex.schema.alterTable('providers', (t) => {
    t.string('taxonomy_code', 10); // NUCC code of the primary taxonomy, from NPPES
  });

  await knex.schema.alterTable('places_of_service', (t) => {
    t.string('effective_from', 10);
    t.string('effective_to', 10);
  });
}

/** The FTS5 index and its triggers, as described above. */
async function createSqliteSearch(knex: Knex): Promise<void> {
  await knex.raw(
    "CREATE VIRTUAL TABLE codes_fts USING fts5(description, content='codes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
  );
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
  // Code lookups name the system and the code (or its start): one index serves both, where the index
  // on compact alone loses to the unique (system, code) one and SQLite walks a whole code system.
  await knex.schema.alterTable('codes', (t) => {
    t.index(['system', 'compact'], 'codes_system_compact_index');
  });
}

/**
 * On PostgreSQL the words of each description are kept as a tsvector, a generated column that the
 * database itself keeps in step with description inside the writing transaction (as the FTS5 triggers
 * do), with a GIN index for the @@ search. The english configuration stems as porter does ("fractures"
 * and "fracture" are both "fractur"). Codes and their starts are looked up in the C collation, where
 * a btree index serves LIKE 'F11%' and the code order alike, whatever the database's own collation
 * (https://www.postgresql.org/docs/current/indexes-opclass.html). pg_trgm is not used: it finds text
 * anywhere in a string, which neither a code's start nor whole words need, and its index is larger.
 */
async function createPostgresSearch(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE codes ADD COLUMN description_words tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(description, ''))) STORED");
  await knex.raw('CREATE INDEX codes_description_words_index ON codes USING gin (description_words)');
  await knex.raw('CREATE INDEX codes_system_compact_index ON codes (system, compact COLLATE "C")');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE places_of_service DROP COLUMN effective_to');
  await knex.raw('ALTER TABLE places_of_service DROP COLUMN effective_from');
  await knex.raw('ALTER TABLE providers DROP COLUMN taxonomy_code');
  await knex.schema.dropTableIfExists('code_sets');
  await knex.schema.alterTable('codes', (t) => {
    t.dropIndex(['system', 'compact'], 'codes_system_compact_index');
  });
  if (isPostgres(knex)) {
    await knex.raw('DROP INDEX IF EXISTS codes_description_words_index');
    await knex.raw('ALTER TABLE codes DROP COLUMN IF EXISTS description_words');
    return;
  }
  await knex.raw('DROP TRIGGER IF EXISTS codes_fts_after_update');
  await knex.raw('DROP TRIGGER IF EXISTS codes_fts_after_delete');
  await knex.raw('DROP TRIGGER IF EXISTS codes_fts_after_insert');
  await knex.raw('DROP TABLE IF EXISTS codes_fts');
}
