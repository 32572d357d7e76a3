import type { Db } from '../../../src/db/database';
import { searchCodes } from '../../../src/db/repositories/codes';
import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

let m: MigrationDb;
let db: Db;
beforeAll(async () => {
  m = await databaseBefore('20261129130000_tidy_code_names');
  db = m.db;
});
afterAll(async () => m.close());

test('a database loaded with the old demo words gets the CPT labels and place of service 06 mended, search index included', async () => {
  await db('codes').insert([
    { system: 'CPT', code: '72148', compact: '72148', description: 'MRI of the lower back (lumbar spine) without contrast - OpenPA plain-language label', billable: true },
    { system: 'CPT', code: '99213', compact: '99213', description: 'Office visit for an established patient', billable: true },
  ]);
  await db('places_of_service').insert({ code: '06', name: 'Indian Health ServiceProvider-based Facility', description: '' });
  await m.up();
  expect(await db('codes').orderBy('code').pluck('description')).toEqual(['MRI of the lower back (lumbar spine) without contrast', 'Office visit for an established patient']);
  expect(await db('places_of_service').where({ code: '06' }).first('name')).toEqual({ name: 'Indian Health Service Provider-based Facility' });
  expect(await searchCodes(db, ['CPT'], 'plain-language label')).toEqual([]);
  expect((await searchCodes(db, ['CPT'], 'lumbar spine')).map((c) => c.code)).toEqual(['72148']);
});
