import { Browser, DEMO_PASSWORD, signedIn } from '../helpers/browser';
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
    const browser = await signedIn(t.app, 'demo.provider2');
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
  test('groups what each role may use as the guide does, and marks the one current page', async () => {
    const admin = await signedIn(t.app, 'demo.admin');
    const page = await admin.visit('/prior-auth/status');
    expect(page.texts('nav[aria-label=Main] a')).toEqual(['Home', 'Member Eligibility', 'Prior Authorization', 'Code lookup', 'Provider information', 'Manage Users', 'Update My Account', 'Audit log', 'Outbox', 'API clients']);
    expect(page.texts('nav[aria-label=Main] .side-nav__heading')).toEqual(['Member Search', 'Providers', 'Users']);
    expect(page.texts('nav[aria-label=Main] a[aria-current=page]')).toEqual(['Prior Authorization']);
    // What a text browser shows: the current item is emphasised, the others are not.
    expect(page.texts('nav[aria-label=Main] strong')).toEqual(['Prior Authorization']);
    expect((await admin.visit('/account/password')).texts('nav[aria-label=Main] a[aria-current=page]')).toEqual(['Update My Account']);

    const provider = await signedIn(t.app, 'demo.provider');
    expect((await provider.visit('/')).texts('nav[aria-label=Main] a')).toEqual(['Home', 'Member Eligibility', 'Prior Authorization', 'Code lookup', 'Update My Account']);
    expect(provider.page.texts('nav[aria-label=Main] a[aria-current=page]')).toEqual(['Home']);

    const nurse = await signedIn(t.app, 'demo.nurse');
    expect((await nurse.visit('/plan/queue')).texts('nav[aria-label=Main] a')).toEqual(['Home', 'Review queue', 'Update My Account']);
    expect(nurse.page.texts('nav[aria-label=Main] a[aria-current=page]')).toEqual(['Review queue']);

    const planAdmin = await signedIn(t.app, 'demo.planadmin');
    expect((await planAdmin.visit('/')).texts('nav[aria-label=Main] a')).toEqual(['Home', 'Announcements', 'Provider information', 'Plan settings', 'Prior authorization metrics', 'Manage Users', 'Update My Account', 'Audit log', 'Outbox']);
  });
});
