import { Browser, DEMO_PASSWORD } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { TEST_SCRYPT_COST, testPasswordHasher } from '../helpers/passwords';
import { insertUser } from '../../src/db/repositories/users';
import { sessionRowsOfUser } from '../helpers/sessionRows';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('changing one\'s password', () => {
  test('each rule gets its message; a good new password works at the next sign-in and the old one no longer does', async () => {
    const browser = new Browser(t.app);
    await browser.signIn('demo.provider2');
    await browser.visit('/');
    await browser.visit(browser.page.root.querySelector('a[href="/account/password"]')?.getAttribute('href') ?? '');
    expect(browser.page.h1).toBe('Change your password');

    const cases: [Record<string, string>, string, string][] = [
      [{ 'Current password': 'wrong', 'New password': 'Tulip-Anchor-Violet-42', 'New password again': 'Tulip-Anchor-Violet-42' }, 'currentPassword', 'Your current password is not right'],
      [{ 'Current password': DEMO_PASSWORD, 'New password': 'short', 'New password again': 'short' }, 'newPassword', 'The password must be at least 12 characters long'],
      [{ 'Current password': DEMO_PASSWORD, 'New password': 'Password2026!', 'New password again': 'Password2026!' }, 'newPassword', 'The password is too common: choose one that is harder to guess, such as three or four unrelated words'],
      [{ 'Current password': DEMO_PASSWORD, 'New password': 'Tulip-Anchor-Violet-42', 'New password again': 'Tulip-Anchor-Violet-43' }, 'confirmPassword', 'The two new passwords are not the same'],
    ];
    for (const [fields, field, message] of cases) {
      const page = await browser.submit('Change password', fields);
      expect(page.status).toBe(422);
      expect(page.errorSummary).toEqual([{ href: `#${field}`, message }]);
      expect(page.inlineErrors).toEqual([message]);
      expect(page.valueOf('New password')).toBe('');
    }
    const done = await browser.submit('Change password', { 'Current password': DEMO_PASSWORD, 'New password': 'Tulip-Anchor-Violet-42', 'New password again': 'Tulip-Anchor-Violet-42' });
    expect(done.url).toBe('/');
    expect(done.text('.notice--success')).toBe('Your password has been changed.');

    const old = new Browser(t.app);
    await old.visit('/sign-in');
    expect((await old.submit('Sign in', { Username: 'demo.provider2', Password: DEMO_PASSWORD })).status).toBe(422);
    expect((await old.submit('Sign in', { Username: 'demo.provider2', Password: 'Tulip-Anchor-Violet-42' })).url).toBe('/');
    const stored = await t.db('users').where({ username: 'demo.provider2' }).first();
    // Hashed by the app's hasher: here the tests' low cost (the production cost has its unit test).
    expect(stored.password_hash).toMatch(new RegExp(`^scrypt\\$${TEST_SCRYPT_COST.N}\\$8\\$1\\$`));
  });
});

describe('the navigation', () => {
  test('shows the Audit log to organization administrators only, and marks the current page', async () => {
    const admin = new Browser(t.app);
    await admin.signIn('demo.admin');
    const page = await admin.visit('/prior-auth/status');
    expect(page.texts('nav[aria-label=Main] a')).toEqual(['Home', 'Prior Authorization', 'Code lookup', 'Audit log', 'Outbox']);
    expect(page.text('nav[aria-label=Main] a[aria-current=page]')).toBe('Prior Authorization');
    const provider = new Browser(t.app);
    await provider.signIn('demo.provider');
    expect((await provider.visit('/')).texts('nav[aria-label=Main] a')).toEqual(['Home', 'Prior Authorization', 'Code lookup']);
  });
});

describe('changing one\'s password ends every other session of that user', () => {
  test('a second browser signed in as the same user is signed out at its next request; this browser and other users stay signed in', async () => {
    const organizationId = (await t.db('organizations').where({ name: 'Northside Family Clinic' }).first('id')).id as number;
    await insertUser(t.db, { organizationId, username: 'sam.sessions', displayName: 'Sam Sessions', role: 'provider', passwordHash: await testPasswordHasher.hash(DEMO_PASSWORD) });
    const here = new Browser(t.app);
    const elsewhere = new Browser(t.app);
    const colleague = new Browser(t.app);
    expect((await here.signIn('sam.sessions')).url).toBe('/');
    expect((await elsewhere.signIn('sam.sessions')).url).toBe('/');
    expect((await colleague.signIn('demo.admin')).url).toBe('/');

    await here.visit('/account/password');
    const done = await here.submit('Change password', { 'Current password': DEMO_PASSWORD, 'New password': 'Harbor-Lantern-Quartz-17', 'New password again': 'Harbor-Lantern-Quartz-17' });
    expect(done.text('.notice--success')).toBe('Your password has been changed.');

    const signedOut = await elsewhere.visit('/prior-auth/status');
    expect(signedOut.url).toBe('/sign-in');
    expect(signedOut.text('.notice')).toBe('Your session has ended, to keep members\' information safe. Sign in again to carry on where you left off: requests in progress have been kept.');
    expect((await here.visit('/prior-auth/status')).url).toBe('/prior-auth/status');
    expect((await colleague.visit('/prior-auth/status')).url).toBe('/prior-auth/status');
  });

  test('a session written back to the store by a request in flight while the password changed is signed out too', async () => {
    const organizationId = (await t.db('organizations').where({ name: 'Northside Family Clinic' }).first('id')).id as number;
    const userId = await insertUser(t.db, { organizationId, username: 'robin.race', displayName: 'Robin Race', role: 'provider', passwordHash: await testPasswordHasher.hash(DEMO_PASSWORD) });
    const here = new Browser(t.app);
    const elsewhere = new Browser(t.app);
    await here.signIn('robin.race');
    await elsewhere.signIn('robin.race');
    const before = await sessionRowsOfUser(t.db, userId);
    expect(before).toHaveLength(2);

    await here.visit('/account/password');
    await here.submit('Change password', { 'Current password': DEMO_PASSWORD, 'New password': 'Copper-Meadow-Signal-58', 'New password again': 'Copper-Meadow-Signal-58' });
    // The other browser's request, in flight during the change, saves its session when it ends.
    await t.db('sessions').insert(before).onConflict('sid').merge();

    expect((await elsewhere.visit('/prior-auth/status')).url).toBe('/sign-in');
    expect((await here.visit('/prior-auth/status')).url).toBe('/prior-auth/status');
  });
});
