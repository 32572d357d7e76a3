import http from 'node:http';
import net from 'node:net';
import { startPortal, type Portal } from './helpers/portal';

/**
 * SIGTERM under keep-alive load (issue 9, item 9). Six offices are signed in, each on one kept-alive
 * connection, and each has a request in flight when SIGTERM arrives: the server has read its headers
 * (it answered "100 Continue") and waits for the form. Two more offices sit on idle kept-alive
 * connections. The portal must stop accepting connections, close the idle ones, answer every
 * request in flight in full with "Connection: close", and exit 0 once the last answer is sent.
 * Nothing here waits on a clock: each step waits for the event that ends the one before.
 */

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: net.Socket;
}

const figures = { sent: 0, answered: 0, failed: 0 };

/** One office: its own keep-alive connection (one socket) and its session cookie. */
class Office {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cookie = '';
  csrf = '';
  constructor(readonly base: URL) {}

  /** Starts a request; `send` decides when the body goes (at once, or later for a request held in flight). */
  open(method: 'GET' | 'POST', path: string, form?: Record<string, string>, options: { expectContinue?: boolean } = {}) {
    const body = form ? new URLSearchParams({ _csrf: this.csrf, ...form }).toString() : '';
    figures.sent++;
    const req = http.request({
      host: this.base.hostname,
      port: this.base.port,
      method,
      path,
      agent: this.agent,
      headers: {
        cookie: this.cookie,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
        ...(options.expectContinue ? { expect: '100-continue' } : {}),
      },
    });
    const answer = new Promise<Answer>((resolve, reject) => {
      req.on('error', (err) => {
        figures.failed++;
        reject(err);
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', (err) => {
          figures.failed++;
          reject(err);
        });
        res.on('end', () => {
          if (!res.complete || (res.statusCode ?? 500) >= 500) figures.failed++;
          else figures.answered++;
          for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) this.cookie = c.split(';')[0] ?? '';
          const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
          if (token) this.csrf = token;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, socket: req.socket as net.Socket });
        });
      });
    });
    const continued = new Promise<void>((resolve) => req.once('continue', () => resolve()));
    return {
      answer,
      /** Resolves when the server has read the headers and asks for the body (100 Continue). */
      continued,
      send: () => req.end(body),
      holdBody: () => req.flushHeaders(),
    };
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const r = this.open(method, path, form);
    r.send();
    return r.answer;
  }

  async signIn(): Promise<void> {
    await this.request('GET', '/sign-in');
    const signedIn = await this.request('POST', '/sign-in', { username: 'demo.provider', password: 'Demo-Password-2026' });
    if (signedIn.status !== 303) throw new Error(`Sign-in answered ${signedIn.status}`);
  }
}

const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

let portal: Portal;
afterAll(async () => portal?.stop());

test('SIGTERM with six keep-alive offices busy: every request in flight is answered with Connection: close, then the portal exits 0', async () => {
  portal = await startPortal();
  const base = new URL(portal.url);
  const busy = Array.from({ length: 6 }, () => new Office(base));
  const idle = Array.from({ length: 2 }, () => new Office(base));

  // One at a time: sign-in is the slow, rationed part, and not what this test is about.
  for (const office of [...busy, ...idle]) await office.signIn();

  // Load on the kept-alive connections: every office asks for pages side by side, on its one socket.
  const pages = ['/', '/prior-auth/status', '/codes?q=F11&type=diagnosis', '/prior-auth'];
  const loaded = await Promise.all([...busy, ...idle].map(async (office) => {
    const answers: Answer[] = [];
    for (const page of pages) answers.push(await office.request('GET', page));
    return answers;
  }));
  for (const answers of loaded) {
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'keep-alive', 'keep-alive']);
  }
  const idleSockets = loaded.slice(busy.length).map((answers) => answers[answers.length - 1]?.socket as net.Socket);

  // Each busy office has a member search in flight: the server has its headers and waits for the form.
  const inFlight = busy.map((office) => office.open('POST', '/prior-auth/member-search', { memberId: '5634024', startDate: '03/02/2026' }, { expectContinue: true }));
  for (const r of inFlight) r.holdBody();
  await Promise.all(inFlight.map((r) => r.continued));

  portal.signal('SIGTERM');
  await portal.printed('SIGTERM: finishing requests in flight, then closing the database.');

  // No new connection is accepted, and the idle kept-alive connections are closed by the portal.
  const refused = await new Promise<string>((resolve) => {
    const socket = net.connect(Number(base.port), base.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
  expect(refused).toBe('ECONNREFUSED');
  await Promise.all(idleSockets.map(closed));

  // The forms arrive after SIGTERM: each is answered in full, and told the connection closes.
  for (const r of inFlight) r.send();
  const answers = await Promise.all(inFlight.map((r) => r.answer));
  for (const a of answers) {
    expect(a.status).toBe(303);
    expect(a.headers.location).toMatch(/^\/prior-auth\?search=[0-9a-f-]{36}#search-result$/);
    expect(a.headers.connection).toBe('close');
  }
  await Promise.all(answers.map((a) => closed(a.socket)));

  const exitCode = await portal.exited;
  process.stdout.write(`SIGTERM drain: ${figures.sent} requests sent, ${figures.answered} answered, ${figures.failed} failed; exit code ${exitCode}\n`);
  expect(figures.failed).toBe(0);
  expect(figures.answered).toBe(figures.sent);
  expect(exitCode).toBe(0);
});
