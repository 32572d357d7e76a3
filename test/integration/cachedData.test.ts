import { Browser, signedIn } from '../helpers/browser';
import { seedRequestJourney } from '../helpers/seedJourney';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { openDatabase, type Db } from '../../src/db/database';

/**
 * Users, members and the coverage rules are kept in memory between requests
 * (src/db/repositories/cacheGenerations.ts). A change made through another connection to the same
 * database, as another portal process or an import would make it, is seen by the very next page.
 */
let t: TestApp;
let otherProcess: Db;
beforeAll(async () => {
  t = await startTestApp();
  otherProcess = openDatabase(t.location);
});
afterAll(async () => {
  await otherProcess.destroy();
  await t.close();
});

const navigation = (browser: Browser) => browser.page.texts('nav[aria-label=Main] a');

test('a role taken away elsewhere is gone on the next page, and given back on the one after', async () => {
  const admin = await signedIn(t.app, 'demo.admin');
  await admin.visit('/');
  await admin.visit('/');
  expect(navigation(admin)).toContain('Audit log');

  await otherProcess('users').where({ username: 'demo.admin' }).update({ role: 'provider' });
  await admin.visit('/');
  expect(navigation(admin)).not.toContain('Audit log');
  expect((await admin.visit('/admin/audit')).status).toBe(404);

  await otherProcess('users').where({ username: 'demo.admin' }).update({ role: 'org_admin' });
  await admin.visit('/');
  expect(navigation(admin)).toContain('Audit log');
});

test('a password changed elsewhere ends the session at its next page', async () => {
  const provider = await signedIn(t.app, 'demo.provider2');
  expect((await provider.visit('/')).url).toBe('/');
  const user = await otherProcess('users').where({ username: 'demo.provider2' }).first();
  await otherProcess('users').where({ id: user.id }).update({ password_hash: `${user.password_hash}x` });
  const page = await provider.visit('/');
  expect(page.url).toBe('/sign-in');
});

test('a member corrected elsewhere shows corrected on the next page of the request', async () => {
  const provider = await signedIn(t.app, 'demo.provider');
  const { url } = await seedRequestJourney(t.db, { at: 'care-setting' });
  await provider.visit(url);
  expect(provider.page.text('.patient-banner strong')).toBe('Dino Saur');

  await otherProcess('members').where({ member_id: '5634024' }).update({ first_name: 'Dina' });
  await provider.visit(url);
  expect(provider.page.text('.patient-banner strong')).toBe('Dina Saur');
  await otherProcess('members').where({ member_id: '5634024' }).update({ first_name: 'Dino' });
});

test('a category renamed by a rules import elsewhere is offered under its new name on the next page', async () => {
  const provider = await signedIn(t.app, 'demo.provider');
  const { url } = await seedRequestJourney(t.db, { at: 'care-setting' });
  await provider.visit(url);
  expect(provider.page.texts('#categoryId option')).toContain('Drug testing');

  await otherProcess('service_categories').where({ id: 'drug-testing' }).update({ name: 'Drug screening' });
  await provider.visit(url);
  expect(provider.page.texts('#categoryId option')).toContain('Drug screening');
  expect(provider.page.texts('#categoryId option')).not.toContain('Drug testing');
});

test('a coverage rule changed elsewhere shows changed in Code lookup on the next search', async () => {
  const provider = await signedIn(t.app, 'demo.provider');
  const outpatientNote = async () => {
    const page = await provider.visit('/codes?q=72148&type=procedure');
    return page.root.querySelectorAll('#codes tbody tr')[0]?.querySelectorAll('li')[0]?.text.replace(/\s+/g, ' ').trim();
  };
  expect(await outpatientNote()).toContain('MRI of the lumbar spine needs authorization under the advanced imaging criteria.');
  expect(await outpatientNote()).toContain('MRI of the lumbar spine needs authorization under the advanced imaging criteria.');

  const row = await otherProcess('coverage_rules').where({ id: 'lumbar-spine-mri' }).first();
  const definition = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  await otherProcess('coverage_rules')
    .where({ id: 'lumbar-spine-mri' })
    .update({ definition: JSON.stringify({ ...definition, description: 'Lumbar MRI: see the imaging criteria.' }) });
  expect(await outpatientNote()).toContain('Lumbar MRI: see the imaging criteria.');
});
