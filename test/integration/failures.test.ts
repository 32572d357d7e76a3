import path from 'node:path';
import request from 'supertest';
import { Browser, Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { officeWithSubmittedRequest, postFiles } from '../helpers/uploads';
import { makePdf } from '../helpers/fixtures';
import { capturingLogger, faultyFileStorage, filesIn, whileStatementsFail, type StorageFault } from '../helpers/faults';

/**
 * What a provider sees when a request cannot be read or cannot be saved. A malformed body is the
 * client's fault (4xx, logged as a warning); a full or read-only disk or a full database is said
 * plainly (507/503: nothing was saved, try again later); a page with health information whose audit
 * entry cannot be written is not shown. The faults come in through the app's dependencies: its file
 * storage and its database.
 */
let t: TestApp;
let owner: Browser;
let requestUrl = '';
let uploadDir = '';
const log = capturingLogger();
const storage = faultyFileStorage();

beforeAll(async () => {
  t = await startTestApp({ logger: log.logger, fileStorage: storage });
  uploadDir = path.join(t.dir, 'uploads');
  ({ owner, requestUrl } = await officeWithSubmittedRequest(t.app));
});
afterAll(async () => t.close());

const STACK = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+|node_modules\/|SQLITE_|ENOSPC|EROFS|knex|busboy|Multipart:|TypeError/;

/** A plain page in the portal's layout: the status, its heading and message, and nothing of the cause. */
function plainPage(res: request.Response, url: string): Page {
  const page = new Page(url, res.status, res.text);
  expect(res.text).toContain('class="site-header"');
  expect(res.text).not.toMatch(STACK);
  return page;
}

/** The answer of `send`, and the log lines written meanwhile. */
async function logged(send: () => Promise<request.Response>): Promise<{ res: request.Response; lines: { level: string; msg: string }[] }> {
  const before = log.lines().length;
  const res = await send();
  return { res, lines: log.lines().slice(before) };
}

const auditEntries = /^insert into [`"]audit_log[`"]/i;

async function attachmentCount(): Promise<number> {
  const row = await t.db('attachments').count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

const storedFiles = () => filesIn(uploadDir).filter((f) => f !== 'tmp');
const tempFiles = () => filesIn(path.join(uploadDir, 'tmp'));

describe("a malformed request is the client's fault: 400 or 415, the plain page, a warning in the log", () => {
  const BOUNDARY = '----openpa-test-boundary';
  const part = (headers: string, body: string) => `--${BOUNDARY}\r\n${headers}\r\n\r\n${body}\r\n`;

  const cases: { name: string; status: number; heading: string; send: () => Promise<request.Response> }[] = [
    {
      name: 'a multipart upload cut before its closing boundary',
      status: 400,
      heading: 'The form could not be read',
      send: async () => {
        await owner.visit(requestUrl);
        const body =
          part('Content-Disposition: form-data; name="_csrf"', owner.csrfToken) +
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="note.pdf"\r\nContent-Type: application/pdf\r\n\r\n` +
          makePdf().toString('latin1').slice(0, 200);
        return owner.agent.post(`${requestUrl}/attachments`).set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`).send(body);
      },
    },
    {
      name: 'a multipart upload without a boundary',
      status: 400,
      heading: 'The form could not be read',
      send: async () => {
        await owner.visit(requestUrl);
        return owner.agent.post(`${requestUrl}/attachments`).set('Content-Type', 'multipart/form-data').send(part('Content-Disposition: form-data; name="_csrf"', owner.csrfToken));
      },
    },
    {
      name: 'a form in an unknown character set (charset=foo)',
      status: 415,
      heading: 'The form could not be read',
      send: async () => {
        const visitor = new Browser(t.app);
        await visitor.visit('/sign-in');
        return visitor.agent.post('/sign-in').set('Content-Type', 'application/x-www-form-urlencoded; charset=foo').send(`_csrf=${visitor.csrfToken}&username=a&password=b`);
      },
    },
  ];

  test.each(cases)('$name: $status "$heading"', async ({ status, heading, send }) => {
    const before = await attachmentCount();
    const { res, lines } = await logged(send);
    const page = plainPage(res, requestUrl);
    expect(res.status).toBe(status);
    expect(page.h1).toBe(heading);
    expect(page.mainText).toContain('Go back and try again.');
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual(['request refused']);
    expect(await attachmentCount()).toBe(before);
    expect(tempFiles()).toEqual([]);
  });
});

describe('a full or read-only upload folder: 507, the file was not saved, try again later', () => {
  afterEach(() => {
    storage.fault = 'none';
  });

  test.each<StorageFault>(['ENOSPC on write', 'EROFS on create', 'EROFS on move'])('%s', async (fault) => {
    const before = await attachmentCount();
    const filesBefore = storedFiles();
    await owner.visit(requestUrl);
    storage.fault = fault;
    const { res, lines } = await logged(() => postFiles(owner, requestUrl, [{ name: 'office-note.pdf', content: makePdf() }]));
    const page = plainPage(res, requestUrl);
    expect(res.status).toBe(507);
    expect(page.h1).toBe('Your file was not saved');
    expect(page.mainText).toContain('the file you sent was not saved. Try again later.');
    expect(lines.filter((l) => l.level === 'error' && l.msg === 'request failed')).toHaveLength(1);
    expect(await attachmentCount()).toBe(before);
    expect(storedFiles()).toEqual(filesBefore);
    expect(tempFiles()).toEqual([]);

    storage.fault = 'none';
    const again = await owner.visit(requestUrl);
    expect(again.status).toBe(200);
    const retry = await postFiles(owner, requestUrl, [{ name: 'office-note.pdf', content: makePdf() }]);
    expect(retry.status).toBe(303);
    expect(await attachmentCount()).toBe(before + 1);
  });
});

describe('a full database (SQLITE_FULL): 503, the request was not saved, try again later', () => {
  test('an upload whose rows cannot be written stores nothing and says so', async () => {
    const before = await attachmentCount();
    const filesBefore = storedFiles();
    await owner.visit(requestUrl);
    const { result: res, failed } = await whileStatementsFail(
      t.db,
      (sql) => /^insert into [`"]attachments[`"]/i.test(sql),
      () => postFiles(owner, requestUrl, [{ name: 'labs.pdf', content: makePdf() }]),
    );
    expect(failed).toBe(1);
    const page = plainPage(res, requestUrl);
    expect(res.status).toBe(503);
    expect(page.h1).toBe('Your request was not saved');
    expect(page.mainText).toContain('what you sent was not saved. Try again later.');
    expect(await attachmentCount()).toBe(before);
    expect(storedFiles()).toEqual(filesBefore);
    expect(tempFiles()).toEqual([]);
  });
});

describe('a page with health information whose audit entry cannot be written is not shown', () => {
  const REFUSED = 'The portal could not record that you opened it, and health information is only shown once that is recorded. Nothing was shown. Try again in a few minutes.';
  let attachmentHref = '';
  beforeAll(async () => {
    await owner.visit(requestUrl);
    await postFiles(owner, requestUrl, [{ name: 'to-download.pdf', content: makePdf() }]);
    const page = await owner.visit(requestUrl);
    attachmentHref = page.root.querySelectorAll('#files-uploaded a').find((a) => a.text.trim() === 'to-download.pdf')?.getAttribute('href') ?? '';
    expect(attachmentHref).not.toBe('');
  });

  const pages: { name: string; open: () => Promise<request.Response> }[] = [
    { name: 'the request page', open: () => owner.agent.get(requestUrl) },
    { name: 'the results page', open: () => owner.agent.get(`${requestUrl}/submitted`) },
    { name: 'an attachment download', open: () => owner.agent.get(attachmentHref) },
    { name: 'the status search', open: () => owner.agent.get('/prior-auth/status') },
  ];

  test.each(pages)('$name: 503 with a plain message, and nothing of the member', async ({ open }) => {
    const entries = await t.db('audit_log').count<{ n: number }[]>({ n: '*' }).first();
    const { result: res, failed } = await whileStatementsFail(t.db, (sql) => auditEntries.test(sql), open);
    expect(failed).toBe(1);
    const page = plainPage(res, requestUrl);
    expect(res.status).toBe(503);
    expect(page.h1).toBe('This page cannot be shown at the moment');
    expect(page.mainText).toContain(REFUSED);
    expect(res.text).not.toMatch(/Dino|Saur|5634024|F11\.20|80324|%PDF/);
    expect(await t.db('audit_log').count<{ n: number }[]>({ n: '*' }).first()).toEqual(entries);
  });

  test('a member search is refused, and the member is not shown afterwards either', async () => {
    const browser = await signedIn(t.app);
    await browser.visit('/prior-auth');
    const { result: res } = await whileStatementsFail(
      t.db,
      (sql) => auditEntries.test(sql),
      () => browser.agent.post('/prior-auth/member-search').type('form').send({ _csrf: browser.csrfToken, memberId: '5634024', startDate: '03/02/2026' }),
    );
    const page = plainPage(res, '/prior-auth/member-search');
    expect(res.status).toBe(503);
    expect(page.mainText).toContain(REFUSED);
    const after = await browser.visit('/prior-auth');
    expect(after.root.querySelector('#search-result')).toBeNull();
    expect(after.mainText).not.toContain('Dino');
  });
});
