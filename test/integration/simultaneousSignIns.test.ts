import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Page, DEMO_PASSWORD } from '../helpers/browser';
import { PortalClient } from '../helpers/portalClient';
import { countingHasher, heldHasher } from '../helpers/passwords';
import { startTestApp, type TestApp } from '../helpers/testApp';
import type { AppDeps } from '../../src/app';

const WRONG = 'The username or password is not right. Check them and try again.';
const LOCKED = 'This username is locked for 15 minutes after too many failed attempts to sign in. Try again later, or ask your administrator.';

/** A test portal listening on a real port, so that simultaneous requests really are simultaneous. */
async function listening(options: Partial<Omit<AppDeps, 'db' | 'config'>>): Promise<TestApp & { url: string }> {
  const t = await startTestApp(options);
  const server = http.createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...t,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}

/** Offices at the sign-in page, each with a session and its form's CSRF token. */
async function atSignIn(url: string, count: number): Promise<PortalClient[]> {
  const clients = Array.from({ length: count }, () => new PortalClient(url));
  for (const c of clients) await c.request('GET', '/sign-in');
  return clients;
}

const signIn = (c: PortalClient, username: string, password: string) => c.request('POST', '/sign-in', { username, password });
const inlineErrors = (answer: { status: number; html: string }) => new Page('/sign-in', answer.status, answer.html).inlineErrors;

describe('simultaneous sign-ins for one username (the lock cannot be raced)', () => {
  let t: Awaited<ReturnType<typeof listening>>;
  const hasher = countingHasher();
  beforeAll(async () => {
    t = await listening({ passwordHasher: hasher, passwordChecksAtOnce: 20 });
  });
  afterAll(async () => t.close());

  test('12 wrong passwords sent at once get 5 password checks; the right password afterwards is refused while locked', async () => {
    const offices = await atSignIn(t.url, 12);
    const answers = await Promise.all(offices.map((c) => signIn(c, 'demo.provider', 'wrong-password')));
    expect(hasher.checks).toBe(5);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(422));
    for (const answer of answers) expect([[WRONG], [LOCKED]]).toContainEqual(inlineErrors(answer));
    expect(answers.filter((a) => inlineErrors(a)[0] === LOCKED).length).toBeGreaterThanOrEqual(7);

    const [owner] = await atSignIn(t.url, 1);
    const refused = await signIn(owner!, 'demo.provider', DEMO_PASSWORD);
    expect(refused.status).toBe(422);
    expect(inlineErrors(refused)).toEqual([LOCKED]);
    expect(hasher.checks).toBe(5);
    expect((await t.db('sign_in_attempts').where({ username: 'demo.provider' }).pluck('succeeded')).map(Boolean)).toEqual([false, false, false, false, false]);
  });
});

describe('a password still being checked counts against the lock', () => {
  test('while 5 wrong passwords are being checked, the 6th to 11th and then the right password are refused without a check', async () => {
    const hasher = heldHasher();
    const t = await listening({ passwordHasher: hasher, passwordChecksAtOnce: 20 });
    try {
      const offices = await atSignIn(t.url, 12);
      hasher.hold();
      let answered = 0;
      const answers = offices.slice(0, 11).map((c) =>
        signIn(c, 'demo.admin', 'wrong-password').then((a) => {
          answered++;
          hasher.recheck();
          return a;
        }),
      );
      // Each of the 11 either reaches its password check (and is held there) or is answered without one.
      await hasher.until(() => hasher.checks + answered === 11);
      expect(hasher.checks).toBe(5);
      expect(answered).toBe(6);

      const right = await signIn(offices[11]!, 'demo.admin', DEMO_PASSWORD);
      expect(inlineErrors(right)).toEqual([LOCKED]);
      expect(hasher.checks).toBe(5);
      hasher.release();
      expect((await Promise.all(answers)).map((a) => a.status)).toEqual(Array(11).fill(422));
    } finally {
      hasher.release();
      await t.close();
    }
  });
});

describe('simultaneous sign-ins from one address (the address limit cannot be raced)', () => {
  test('with a limit of 3, 10 sign-ins at once for different usernames get 3 password checks and 7 answers of 429', async () => {
    const hasher = countingHasher();
    const t = await listening({ passwordHasher: hasher, passwordChecksAtOnce: 20, signInAttemptsPerAddress: 3 });
    try {
      const offices = await atSignIn(t.url, 10);
      const answers = await Promise.all(offices.map((c, i) => signIn(c, `someone${i}`, 'wrong-password')));
      expect(hasher.checks).toBe(3);
      expect(answers.map((a) => a.status).sort()).toEqual([...Array(3).fill(422), ...Array(7).fill(429)]);
      const limited = answers.find((a) => a.status === 429)!;
      expect(new Page('/sign-in', 429, limited.html).h1).toBe('Too many attempts to sign in');
    } finally {
      await t.close();
    }
  });
});

describe('only a few password checks at once', () => {
  test('with 2 checks under way, the next sign-in and change of password are answered 503 at once with a plain page; /healthz still answers', async () => {
    const hasher = heldHasher();
    const t = await listening({ passwordHasher: hasher, passwordChecksAtOnce: 2 });
    try {
      // A signed-in user, before the checks are held.
      const [user] = await atSignIn(t.url, 1);
      expect((await signIn(user!, 'demo.admin', DEMO_PASSWORD)).status).toBe(303);
      await user!.request('GET', '/account/password');
      const offices = await atSignIn(t.url, 3);
      hasher.hold();
      const held = [signIn(offices[0]!, 'demo.provider', DEMO_PASSWORD), signIn(offices[1]!, 'no.such.user', 'wrong-password')];
      await hasher.until(() => hasher.checks === 3);

      const busy = await signIn(offices[2]!, 'demo.provider2', DEMO_PASSWORD);
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('5');
      const page = new Page('/sign-in', 503, busy.html);
      expect(page.h1).toBe('The portal is busy');
      expect(page.mainText).toContain('Many people are signing in at this moment. Nothing was changed: wait 5 seconds, then try again.');
      const change = await user!.request('POST', '/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Harbor-Lantern-Quartz-17', confirmPassword: 'Harbor-Lantern-Quartz-17' });
      expect(change.status).toBe(503);
      expect(new Page('/account/password', 503, change.html).h1).toBe('The portal is busy');
      expect(hasher.checks).toBe(3);
      // Turned away before anything was counted: no attempt is held against demo.provider2.
      expect(await t.db('sign_in_attempts').where({ username: 'demo.provider2' }).count({ n: '*' }).first()).toEqual({ n: 0 });
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

      hasher.release();
      const [signedIn, unknown] = await Promise.all(held);
      expect(signedIn!.status).toBe(303);
      expect(inlineErrors(unknown!)).toEqual([WRONG]);
      // The places are free again.
      expect((await signIn(offices[2]!, 'demo.provider2', DEMO_PASSWORD)).status).toBe(303);
    } finally {
      hasher.release();
      await t.close();
    }
  });
});
