import { listPlacesOfService } from '../../../src/db/repositories/codes';
import { listCodeSets } from '../../../src/db/repositories/codeSets';
import { importPos } from '../../../src/importers/placesOfService';
import { openCodeDb, type CodeDb } from '../../helpers/codeDb';

let c: CodeDb;
beforeEach(async () => {
  c = await openCodeDb();
});
afterEach(async () => c.close());

const MAY_2024 = [
  'code,name,description',
  '02,Telehealth Provided Other than in Patient’s Home,"The location where health services are provided through telecommunication technology."',
  '11,Office,"Location, other than a hospital, where the health professional routinely provides examinations."',
  '66,Programs of All-Inclusive Care for the Elderly (PACE) Center*,"A facility providing adult day health care."',
  '',
].join('\r\n');

test('imports code, name and description; a dropped code is ended and no longer offered; a re-import changes nothing', async () => {
  const first = await importPos(c.db, { file: c.write('pos.csv', MAY_2024), version: '2024-05', effective: '2024-05-01' });
  expect(first.counts).toEqual({ rows: 3, added: 3, changed: 0, ended: 0, reopened: 0 });
  expect((await listPlacesOfService(c.db)).map((p) => `${p.code} ${p.name}`)).toEqual([
    '02 Telehealth Provided Other than in Patient’s Home',
    '11 Office',
    '66 Programs of All-Inclusive Care for the Elderly (PACE) Center',
  ]);
  expect((await importPos(c.db, { file: c.write('pos.csv', MAY_2024), version: '2024-05', effective: '2024-05-01' })).counts).toMatchObject({ added: 0, changed: 0, ended: 0 });

  const without66 = `${MAY_2024.split('\r\n').slice(0, 3).join('\r\n')}\r\n`;
  const next = await importPos(c.db, { file: c.write('pos-2025.csv', without66), version: '2025-01', effective: '2025-01-01' });
  expect(next.counts).toMatchObject({ ended: 1 });
  expect((await listPlacesOfService(c.db)).map((p) => p.code)).toEqual(['02', '11']);
  expect(await c.db('places_of_service').where({ code: '66' }).first()).toMatchObject({ effective_to: '2024-12-31' });
  expect((await listCodeSets(c.db, 'POS')).map((s) => s.version)).toEqual(['2024-05', '2025-01']);

  const back = await importPos(c.db, { file: c.write('pos-2025b.csv', MAY_2024), version: '2025-04', effective: '2025-04-01' });
  expect(back.counts).toMatchObject({ reopened: 1 });
  expect((await listPlacesOfService(c.db)).map((p) => p.code)).toEqual(['02', '11', '66']);
});

test('a bad row names its line and nothing is imported; without --effective the release is dated today', async () => {
  await expect(importPos(c.db, { file: c.write('pos.csv', `${MAY_2024}1A,Bad,Not a code\r\n`) })).rejects.toThrow('Line 5: "1A" is not a place of service code (two digits)');
  expect(await listPlacesOfService(c.db)).toEqual([]);
  const today = new Date();
  const result = await importPos(c.db, { file: c.write('pos.csv', MAY_2024) });
  expect(result.summary).toContain(`in force from ${String(today.getMonth() + 1).padStart(2, '0')}/${String(today.getDate()).padStart(2, '0')}/${today.getFullYear()}`);
});
