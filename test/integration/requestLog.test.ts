import pino from 'pino';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { Browser, signedIn } from '../helpers/browser';
import { issueSetPasswordLink } from '../../src/services/setPasswordLinks';

/** Every line the portal logs about a request carries that request's id, the one in X-Request-Id. */
const lines: Record<string, unknown>[] = [];
let t: TestApp;
beforeAll(async () => {
  const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  t = await startTestApp({ logger });
});
afterAll(async () => t.close());

const idOf = (line: Record<string, unknown>) => (line.req as { id?: string } | undefined)?.id ?? line.reqId;

test('a page, a refused request and a signed-in page each log lines with their own request id', async () => {
  const browser = await signedIn(t.app, 'demo.provider');
  lines.length = 0;
  const page = await browser.agent.get('/');
  const refused = await browser.agent.get('/prior-auth/%E0%A4%A/care-setting?q=%E0');
  expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(refused.headers['x-request-id']).not.toBe(page.headers['x-request-id']);
  await new Promise((resolve) => setImmediate(resolve));

  const completed = lines.filter((l) => l.msg === 'request completed');
  expect(completed.map((l) => [idOf(l), (l.req as { path: string }).path, (l.res as { statusCode: number }).statusCode])).toEqual([
    [page.headers['x-request-id'], '/', 200],
    [refused.headers['x-request-id'], '/prior-auth/%E0%A4%A/care-setting', 400],
  ]);
  expect(completed[0]?.userId).toEqual(expect.any(Number));
  expect(lines.filter((l) => l.msg === 'request refused').map(idOf)).toEqual([refused.headers['x-request-id']]);
  for (const line of lines) expect([page.headers['x-request-id'], refused.headers['x-request-id']]).toContain(idOf(line));
  // The query string, which could carry health information, is never logged.
  expect(JSON.stringify(lines)).not.toContain('?q=');
});

test("a set-password link's token is never logged: the line names the page only", async () => {
  const user = await t.db('users').where({ username: 'demo.provider' }).first();
  const link = await issueSetPasswordLink(t.db, user.id, 'reset', new Date());
  lines.length = 0;
  const res = await new Browser(t.app).agent.get(link);
  expect(res.status).toBe(200);
  await new Promise((resolve) => setImmediate(resolve));
  expect(lines.filter((l) => l.msg === 'request completed').map((l) => (l.req as { path: string }).path)).toEqual(['/set-password/:token']);
  expect(JSON.stringify(lines)).not.toContain(link.split('/').pop());
});
