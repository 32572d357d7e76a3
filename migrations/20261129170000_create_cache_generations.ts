import type { Knex } from 'knex';

/**
 * One row of counters, one per kind of data the portal keeps in memory between requests (users with
 * their organization, members with their eligibility, the coverage rules and categories). A trigger
 * bumps the counter in the same transaction as any change to those tables, whoever makes it: an
 * import in another process, the users command, an administrator's page, a test. Each request reads
 * the row once (with its session) and drops what changed, so the very next request sees every change.
 */
export const GENERATION_TABLES: Record<string, string[]> = {
  users: ['users', 'organizations'],
  members: ['members', 'eligibility_spans'],
  reference: ['service_categories', 'coverage_rules', 'questionnaires', 'rule_sets'],
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('cache_generations', (t) => {
    t.integer('id').primary();
    for (const column of Object.keys(GENERATION_TABLES)) t.bigInteger(column).notNullable().defaultTo(0);
  });
  await knex('cache_generations').insert({ id: 1 });
  const postgres = knex.client.dialect === 'postgresql';
  if (postgres) {
    await knex.raw(`CREATE FUNCTION bump_cache_generation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN EXECUTE format('UPDATE cache_generations SET %I = %I + 1 WHERE id = 1', TG_ARGV[0], TG_ARGV[0]); RETURN NULL; END $$`);
  }
  for (const [column, tables] of Object.entries(GENERATION_TABLES)) {
    for (const table of tables) {
      if (postgres) {
        await knex.raw(`CREATE TRIGGER ${table}_bump_generation AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_cache_generation('${column}')`);
        continue;
      }
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        await knex.raw(`CREATE TRIGGER ${table}_${event.toLowerCase()}_bumps_generation AFTER ${event} ON ${table} BEGIN UPDATE cache_generations SET ${column} = ${column} + 1 WHERE id = 1; END`);
      }
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  const postgres = knex.client.dialect === 'postgresql';
  for (const tables of Object.values(GENERATION_TABLES)) {
    for (const table of tables) {
      if (postgres) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_bump_generation ON ${table}`);
      else for (const event of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_${event}_bumps_generation`);
    }
  }
  if (postgres) await knex.raw('DROP FUNCTION IF EXISTS bump_cache_generation()');
  await knex.schema.dropTable('cache_generations');
}
