import { Browser, DEMO_PASSWORD, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import type { SetPasswordLinkMessage } from '../../src/services/setPasswordLinks';
import { issueSetPasswordLink } from '../../src/services/setPasswordLinks';
import { sessionRowsOfUser } from '../helpers/sessionRows';

let t: TestApp;
const sent: SetPasswordLinkMessage[] = [];
/** The portal's clock, moved by the tests (a link's expiry is checked against it). */
let now = new Date('2026-03-02T15:00:00Z');
beforeAll(async () => {
  t = await startTestApp({ deliverSetPasswordLink: async (m) => void sent.push(m), clock: () => now });
});
afterAll(async () => t.close());
beforeEach(() => {
  sent.length = 0;
});

const NEW_PASSWORD = 'Tulip-Anchor-Violet-42';

describe('Forgot your password?', () => {
  test('is linked from the sign-in page; an unknown username gets the same page and no e-mail', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/sign-in');
    const page = await browser.visit(browser.page.root.querySelectorAll('a').find((a) => a.text === 'Forgot your password?')?.getAttribute('href') ?? '');
    expect(page.h1).toBe('Forgot your password?');
    const empty = await browser.submit('Send link', { Username: '' });
    expect(empty.status).toBe(422);
    expect(empty.errorSummary).toEqual([{ href: '#username', message: 'Enter your username' }]);

    const known = await browser.submit('Send link', { Username: 'Demo.Admin' });
    expect(known.url).toBe('/forgot-password/sent');
    expect(sent.map((m) => [m.username, m.email, m.purpose])).toEqual([['demo.admin', 'admin@northside.example', 'reset']]);
    expect(sent[0]?.expiresAt).toEqual(new Date(now.getTime() + 3_600_000));

    await browser.visit('/forgot-password');
    const unknown = await browser.submit('Send link', { Username: 'nobody.here' });
    expect(unknown.url).toBe(known.url);
    expect(unknown.mainText).toBe(known.mainText);
    expect(sent).toHaveLength(1);
    // A user with no e-mail address: the same page, nothing sent.
    await browser.visit('/forgot-password');
    expect((await browser.submit('Send link', { Username: 'demo.provider' })).mainText).toBe(known.mainText);
    expect(sent).toHaveLength(1);
  });

  test('the link sets a new password once, ends every other session, and the old password stops working', async () => {
    const elsewhere = await signedIn(t.app, 'demo.admin');
    const admin = await t.db('users').where({ username: 'demo.admin' }).first();
    expect(await sessionRowsOfUser(t.db, admin.id)).toHaveLength(1);

    const browser = new Browser(t.app);
    await browser.visit('/forgot-password');
    await browser.submit('Send link', { Username: 'demo.admin' });
    const link = sent[0]?.path ?? '';
    let page = await browser.visit(link);
    expect(page.h1).toBe('Set your password');
    page = await browser.submit('Set password', { 'New password': NEW_PASSWORD, 'Confirm new password': 'something else entirely' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([{ href: '#confirmPassword', message: 'The two new passwords are not the same' }]);
    page = await browser.submit('Set password', { 'New password': 'short', 'Confirm new password': 'short' });
    expect(page.errorSummary).toEqual([{ href: '#newPassword', message: 'The password must be at least 12 characters long' }]);

    page = await browser.submit('Set password', { 'New password': NEW_PASSWORD, 'Confirm new password': NEW_PASSWORD });
    expect(page.url).toBe('/sign-in');
    expect(page.text('.notice--success')).toBe('Your password has been set. Sign in with it.');
    expect(await sessionRowsOfUser(t.db, admin.id)).toHaveLength(0);
    expect((await elsewhere.visit('/')).url).toBe('/sign-in');
    expect((await browser.signIn('demo.admin', DEMO_PASSWORD)).status).toBe(422);
    expect((await browser.signIn('demo.admin', NEW_PASSWORD)).url).toBe('/');

    const used = await new Browser(t.app).visit(link);
    expect(used.status).toBe(410);
    expect(used.h1).toBe('This link has already been used');
    expect(used.root.querySelector('main a[href="/forgot-password"]')?.text).toBe('Ask for a new link');
    expect(await t.db('audit_log').where({ action: 'password-set' }).pluck('username')).toEqual(['demo.admin']);
  });

  test('a link is refused once its hour has passed, and an earlier link stops working when a new one is sent', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/forgot-password');
    await browser.submit('Send link', { Username: 'demo.admin' });
    const first = sent[0]?.path ?? '';
    now = new Date(now.getTime() + 3_600_000);
    const expired = await browser.visit(first);
    expect(expired.status).toBe(410);
    expect(expired.h1).toBe('This link has expired');
    await browser.visit('/forgot-password');
    const posted = await browser.post(first, { _csrf: browser.csrfToken, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect({ status: posted.status, h1: posted.h1 }).toEqual({ status: 410, h1: 'This link has expired' });
    expect(await t.db('audit_log').where({ action: 'password-set' }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const admin = await t.db('users').where({ username: 'demo.admin' }).first();
    const older = await issueSetPasswordLink(t.db, admin.id, 'invite', now);
    const newer = await issueSetPasswordLink(t.db, admin.id, 'invite', now);
    expect((await browser.visit(older)).h1).toBe('This link has expired');
    expect((await browser.visit(newer)).h1).toBe('Set your password');
  });

  test('a link that is not one the portal made says so; a malformed one is not looked up', async () => {
    const browser = new Browser(t.app);
    for (const path of ['/set-password/' + 'A'.repeat(43), '/set-password/short', '/set-password/%00']) {
      const page = await browser.visit(path);
      expect({ path, status: page.status, h1: page.h1 }).toEqual({ path, status: 404, h1: 'This link is not valid' });
    }
  });

  test('an account gets at most 3 links an hour, silently; an address asking too often is told to wait', async () => {
    now = new Date(now.getTime() + 2 * 3_600_000);
    const browser = new Browser(t.app);
    for (let i = 0; i < 4; i++) {
      await browser.visit('/forgot-password');
      expect((await browser.submit('Send link', { Username: 'demo.nurse' })).url).toBe('/forgot-password/sent');
    }
    expect(sent.filter((m) => m.username === 'demo.nurse')).toHaveLength(3);
    let last = browser.page;
    for (let i = 0; i < 20 && last.status !== 429; i++) {
      await browser.visit('/forgot-password');
      last = await browser.submit('Send link', { Username: `someone.${i}` });
    }
    expect(last.status).toBe(429);
    expect(last.h1).toBe('Too many requests for a link');
  });
});
