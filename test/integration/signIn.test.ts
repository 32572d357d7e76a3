import request from 'supertest';
import { Browser, DEMO_PASSWORD, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('sign in', () => {
  test('the page has labelled Username and Password fields and a Sign in button', async () => {
    const browser = new Browser(t.app);
    const page = await browser.visit('/sign-in');
    expect(page.status).toBe(200);
    expect(page.h1).toBe('Sign in');
    expect(page.controlByLabel(page.root, 'Username').getAttribute('name')).toBe('username');
    expect(page.controlByLabel(page.root, 'Password').getAttribute('type')).toBe('password');
    expect(page.formWithButton('Sign in').form.getAttribute('method')).toBe('post');
  });

  test('a right username and password lead to the home page with the Prior Authorization link', async () => {
    const browser = new Browser(t.app);
    const home = await browser.signIn('demo.provider', DEMO_PASSWORD);
    expect(browser.statuses).toEqual([303, 200]);
    expect(home.url).toBe('/');
    expect(home.h1).toBe('Welcome, Dana Provider');
    expect(home.texts('nav[aria-label=Main] a')).toContain('Prior Authorization');
  });

  test('a wrong password gets 422, the same message in the summary and inline, and keeps the username', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/sign-in');
    const page = await browser.submit('Sign in', { Username: 'demo.provider', Password: 'not-the-password' });
    expect(page.status).toBe(422);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorSummary).toEqual([{ message: 'The username or password is not right. Check them and try again.', href: '#username' }]);
    expect(page.inlineErrors).toEqual(['The username or password is not right. Check them and try again.']);
    expect(page.valueOf('Username')).toBe('demo.provider');
    expect(page.valueOf('Password')).toBe('');
  });

  test('an unknown username gets exactly the same answer as a wrong password', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/sign-in');
    const page = await browser.submit('Sign in', { Username: 'nobody.here', Password: DEMO_PASSWORD });
    expect(page.status).toBe(422);
    expect(page.inlineErrors).toEqual(['The username or password is not right. Check them and try again.']);
  });

  test('empty fields each get their own message', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/sign-in');
    const page = await browser.submit('Sign in');
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([
      { message: 'Enter the username', href: '#username' },
      { message: 'Enter your password', href: '#password' },
    ]);
    expect(page.inlineErrors).toEqual(['Enter the username', 'Enter your password']);
    expect(page.root.querySelector('#username')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.root.querySelector('#username')?.getAttribute('aria-describedby')).toBe('username-error');
  });

  test('a signed-out visitor is sent to sign in, then returned to the page they asked for', async () => {
    const browser = new Browser(t.app);
    const page = await browser.visit('/prior-auth');
    expect(browser.statuses).toEqual([303, 200]);
    expect(page.url).toBe('/sign-in');
    const after = await browser.submit('Sign in', { Username: 'demo.provider', Password: DEMO_PASSWORD });
    expect(after.url).toBe('/prior-auth');
    expect(after.h1).toBe('Prior Authorization');
  });

  test('the session id changes at sign-in and the cookie is HttpOnly and SameSite=Lax', async () => {
    const agent = request.agent(t.app);
    const first = await agent.get('/sign-in');
    const before = String((first.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('openpa.sid=')));
    const token = /name="_csrf" value="([^"]+)"/.exec(first.text)?.[1] ?? '';
    const res = await agent.post('/sign-in').type('form').send({ _csrf: token, username: 'demo.provider', password: DEMO_PASSWORD });
    expect(res.status).toBe(303);
    const after = String((res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('openpa.sid=')));
    expect(after).toMatch(/HttpOnly/);
    expect(after).toMatch(/SameSite=Lax/);
    expect(after.split(';')[0]).not.toBe(before.split(';')[0]);
  });

  test('a form posted without its CSRF token is refused with a plain page', async () => {
    const agent = request.agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in').type('form').send({ username: 'demo.provider', password: DEMO_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
  });

  test('signing out ends the session: the old cookie no longer opens pages', async () => {
    const agent = request.agent(t.app);
    const signInPage = await agent.get('/sign-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(signInPage.text)?.[1] ?? '';
    const signedIn = await agent.post('/sign-in').type('form').send({ _csrf: token, username: 'demo.provider', password: DEMO_PASSWORD });
    const setCookies = signedIn.headers['set-cookie'] as unknown as string[];
    const cookie = setCookies.find((c) => c.startsWith('openpa.sid='))?.split(';')[0] ?? '';
    expect((await request(t.app).get('/prior-auth').set('Cookie', cookie)).status).toBe(200);

    const home = await agent.get('/');
    const homeToken = /name="_csrf" value="([^"]+)"/.exec(home.text)?.[1] ?? '';
    const out = await agent.post('/sign-out').type('form').send({ _csrf: homeToken });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signed-out=1');

    const replay = await request(t.app).get('/prior-auth').set('Cookie', cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/sign-in');
  });

  test('the Sign out button leads to the sign-in page, which says so', async () => {
    const browser = await signedIn(t.app);
    const page = await browser.submit('Sign out');
    expect(page.url).toBe('/sign-in?signed-out=1');
    expect(page.mainText).toContain('You have signed out.');
  });
});

describe('returning after sign-in', () => {
  test('a resource the browser fetches by itself (the favicon, a sub-resource) does not change where sign-in returns to', async () => {
    const browser = new Browser(t.app);
    await browser.visit('/prior-auth/status');
    expect((await browser.agent.get('/favicon.ico')).status).toBe(204);
    await browser.agent.get('/public/css/missing.css').set('Sec-Fetch-Dest', 'style');
    await browser.agent.get('/prior-auth').set('Sec-Fetch-Dest', 'image');
    await browser.visit('/sign-in');
    const page = await browser.submit('Sign in', { Username: 'demo.provider', Password: DEMO_PASSWORD });
    expect(page.url).toBe('/prior-auth/status');
  });
});
