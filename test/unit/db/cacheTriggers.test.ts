import { GENERATION_TABLES } from '../../../migrations/20261129170000_create_cache_generations';
import { seedDemoData } from '../../../src/seed/demo';
import { testPasswordHasher } from '../../helpers/passwords';
import { migratedTestDatabase } from '../../helpers/testDatabase';

/**
 * Whatever migrations did to the tables since (a rebuilt table on SQLite loses its triggers), a change
 * to any table the portal keeps in memory moves its generation, so every process sees it at its next
 * request. Runs on SQLite, and on PostgreSQL under npm run test:postgres.
 */
test.each(Object.entries(GENERATION_TABLES).flatMap(([generation, tables]) => tables.map((table) => [table, generation] as const)))(
  'an update to %s moves the %s generation',
  async (table, generation) => {
    const t = await migratedTestDatabase();
    try {
      await seedDemoData(t.db, testPasswordHasher);
      expect(Number((await t.db(table).count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
      const before = await t.db('cache_generations').where({ id: 1 }).first();
      // An update that sets a column to itself changes nothing but still fires the triggers.
      const column = Object.keys(await t.db(table).columnInfo())[0] ?? 'id';
      await t.db(table).update({ [column]: t.db.raw('??', [column]) });
      const after = await t.db('cache_generations').where({ id: 1 }).first();
      expect(Number(after[generation])).toBeGreaterThan(Number(before[generation]));
    } finally {
      await t.close();
    }
  },
);
