import request from 'supertest';
import { Browser, DEMO_PASSWORD, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { journeyIdOf, startRequest } from '../helpers/journey';
import { sessionData, sessionRowsOfUser } from '../helpers/sessionRows';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const ENDED = 'Your session has ended, to keep members\' information safe. Sign in again to carry on where you left off: requests in progress have been kept.';

describe('automatic logoff', () => {
  test('after the idle time the sign-in page says the session ended, returns to the page, and the request in progress is kept', async () => {
    const browser = await signedIn(t.app);
    const id = journeyIdOf(await startRequest(browser));
    await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Advanced imaging' });
    // The idle time passes: the session store drops the session (as its expiry does).
    await t.db('sessions').del();

    const page = await browser.visit(`/prior-auth/${id}/care-setting`);
    expect(page.url).toBe('/sign-in');
    expect(page.text('.notice')).toBe(ENDED);
    const back = await browser.submit('Sign in', { Username: 'demo.provider', Password: DEMO_PASSWORD });
    expect(back.url).toBe(`/prior-auth/${id}/care-setting`);
    expect(back.valueOf('Category')).toBe('advanced-imaging');
  });

  test('a form posted after the session ended leads to sign-in and back to the same page, not to an error', async () => {
    const browser = await signedIn(t.app);
    const id = journeyIdOf(await startRequest(browser));
    await t.db('sessions').del();
    const page = await browser.submit('Continue', { 'Care setting': 'Outpatient', Category: 'Drug testing' });
    expect(page.url).toBe('/sign-in');
    expect(page.status).toBe(200);
    const back = await browser.submit('Sign in', { Username: 'demo.provider', Password: DEMO_PASSWORD });
    expect(back.url).toBe(`/prior-auth/${id}/care-setting`);
  });

  test('a session ends after 12 hours however active it is', async () => {
    const browser = await signedIn(t.app);
    const rows = await t.db('sessions').select('sid', 'sess');
    for (const row of rows) {
      const sess = sessionData(row.sess);
      if (sess.userId) {
        sess.signedInAt = Date.now() - 13 * 60 * 60 * 1000;
        await t.db('sessions').where({ sid: row.sid }).update({ sess: JSON.stringify(sess) });
      }
    }
    const page = await browser.visit('/prior-auth');
    expect(page.url).toBe('/sign-in');
    expect(page.text('.notice')).toBe(ENDED);
  });

  test('an active session’s expiry moves once a minute, in the store and the cookie together, not on every page', async () => {
    const browser = await signedIn(t.app, 'demo.provider2');
    const [row, ...others] = await sessionRowsOfUser(t.db, (await t.db('users').where({ username: 'demo.provider2' }).first()).id);
    expect(others).toEqual([]);
    const sid = String(row?.sid);
    const cookieOf = (res: { headers: Record<string, unknown> }) => ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('openpa.sid='));
    // Signed in a moment ago: a page neither sends the cookie again nor writes the session.
    const storedBefore = (await t.db('sessions').where({ sid }).first()).expired;
    const soon = await browser.agent.get('/prior-auth');
    expect(soon.status).toBe(200);
    expect(cookieOf(soon)).toBeUndefined();
    expect((await t.db('sessions').where({ sid }).first()).expired).toEqual(storedBefore);

    // Its expiry last moved two minutes ago: the next page moves it a full idle time (30 minutes) on, in both.
    const twoMinutesAgo = new Date(Date.now() + 28 * 60 * 1000).toISOString();
    const sess = sessionData(row?.sess);
    sess.cookie = { ...(sess.cookie as object), expires: twoMinutesAgo };
    await t.db('sessions').where({ sid }).update({ sess: JSON.stringify(sess), expired: twoMinutesAgo });
    const later = await browser.agent.get('/prior-auth');
    expect(later.status).toBe(200);
    const cookieExpires = Date.parse(/Expires=([^;]+)/.exec(cookieOf(later) ?? '')?.[1] ?? '');
    const stored = await t.db('sessions').where({ sid }).first();
    const storedExpires = Date.parse(String((sessionData(stored.sess).cookie as { expires: string }).expires));
    expect(cookieExpires).toBeGreaterThan(Date.parse(twoMinutesAgo) + 60_000);
    // The cookie's Expires is in whole seconds.
    expect(Math.abs(storedExpires - cookieExpires)).toBeLessThan(1000);
    expect(Math.abs(new Date(stored.expired).getTime() - storedExpires)).toBeLessThan(1000);
  });

  test('a first visit is not told that a session ended', async () => {
    const page = await new Browser(t.app).visit('/prior-auth');
    expect(page.url).toBe('/sign-in');
    expect(page.root.querySelector('.notice')).toBeNull();
  });
});

describe('cookies and HTTPS', () => {
  test('behind a proxy that says HTTPS, the session cookie is Secure and HSTS is sent; over plain HTTP neither', async () => {
    const proxied = await startTestApp({ trustProxy: true });
    try {
      const secure = await request(proxied.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
      expect(String(secure.headers['set-cookie'])).toMatch(/openpa\.sid=.*; Secure/);
      expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const plain = await request(proxied.app).get('/sign-in');
      expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  test('every page carries the security headers: CSP of self with no inline code, no framing, no referrer, nosniff', async () => {
    const res = await request(t.app).get('/sign-in');
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).not.toMatch(/<script|style="/);
  });
});
