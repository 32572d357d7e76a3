import { Browser, DEMO_PASSWORD } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';

const LOCKED = 'This username is locked for 15 minutes after too many failed attempts to sign in. Try again later, or ask your administrator.';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

async function attempt(username: string, password: string) {
  const browser = new Browser(t.app);
  await browser.visit('/sign-in');
  return browser.submit('Sign in', { Username: username, Password: password });
}

describe('locking a username after 5 failed attempts in 15 minutes', () => {
  test('the sixth attempt is refused even with the right password, with a clear message', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt('demo.admin', 'wrong-password')).inlineErrors).toEqual(['The username or password is not right. Check them and try again.']);
    expect((await attempt('demo.admin', 'wrong-password')).inlineErrors).toEqual([LOCKED]);
    const page = await attempt('demo.admin', DEMO_PASSWORD);
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ message: LOCKED, href: '#username' }]);
    const audit = await t.db('audit_log').where({ username: 'demo.admin' }).pluck('action');
    expect(audit).toEqual(['sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-failed', 'sign-in-locked']);
  });

  test('the lock ends after 15 minutes', async () => {
    const old = new Date(Date.now() - 31 * 60_000).toISOString();
    await t.db('sign_in_attempts').where({ username: 'demo.admin' }).update({ attempted_at: old });
    const page = await attempt('demo.admin', DEMO_PASSWORD);
    expect(page.url).toBe('/');
  });

  test('a username that does not exist gets exactly the same answers', async () => {
    const messages: string[] = [];
    for (let i = 0; i < 6; i++) messages.push(...(await attempt('no.such.user', 'wrong-password')).inlineErrors);
    expect(messages).toEqual([...Array(4).fill('The username or password is not right. Check them and try again.'), LOCKED, LOCKED]);
  });

  test('a successful sign-in starts the count again', async () => {
    for (let i = 0; i < 4; i++) await attempt('demo.provider2', 'wrong-password');
    expect((await attempt('demo.provider2', DEMO_PASSWORD)).url).toBe('/');
    expect((await attempt('demo.provider2', 'wrong-password')).inlineErrors).toEqual(['The username or password is not right. Check them and try again.']);
  });
});

describe('attempts from one client address are limited', () => {
  test('past the limit, sign-in answers 429 with a plain page', async () => {
    const limited = await startTestApp({ signInAttemptsPerAddress: 3 });
    try {
      const browser = new Browser(limited.app);
      for (let i = 0; i < 3; i++) {
        await browser.visit('/sign-in');
        await browser.submit('Sign in', { Username: `someone${i}`, Password: 'wrong-password' });
      }
      await browser.visit('/sign-in');
      const page = await browser.submit('Sign in', { Username: 'demo.provider', Password: DEMO_PASSWORD });
      expect(page.status).toBe(429);
      expect(page.h1).toBe('Too many attempts to sign in');
    } finally {
      await limited.close();
    }
  });
});
