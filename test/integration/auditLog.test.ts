import { Writable } from 'node:stream';
import pino from 'pino';
import { signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { submitRequest } from '../helpers/journey';
import { makePdf } from '../helpers/fixtures';

let t: TestApp;
const logLines: string[] = [];
let reference = '';

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await startTestApp({ logger: pino({ level: 'info' }, sink) });
  const browser = await signedIn(t.app);
  const results = await submitRequest(browser);
  reference = /Reference #: (\d{9})/.exec(results.mainText)?.[1] ?? '';
  await browser.agent.post(`/prior-auth/requests/${reference}/attachments`).field('_csrf', browser.csrfToken).attach('files', makePdf(), 'note.pdf');
  const attachment = await t.db('attachments').first('id');
  await browser.agent.get(`/prior-auth/requests/${reference}/attachments/${attachment.id}`);
  await browser.visit(`/prior-auth/status?memberId=5634024`);
  await browser.submit('Sign out');
});
afterAll(async () => t.close());

describe('the audit log', () => {
  test('records who did what to which member, from where, in order', async () => {
    const rows = await t.db('audit_log as a').leftJoin('members as m', 'm.id', 'a.member_id').orderBy('a.id').select('a.action', 'a.username', 'a.client_address', 'm.member_id', 'a.reference_number');
    expect(rows.map((r) => r.action)).toEqual([
      'sign-in', 'member-search', 'request-started', 'request-submitted', 'request-viewed',
      'attachment-uploaded', 'attachment-downloaded', 'status-search', 'sign-out',
    ]);
    expect(new Set(rows.map((r) => r.username))).toEqual(new Set(['demo.provider']));
    expect(rows.every((r) => r.client_address !== '')).toBe(true);
    expect(rows.find((r) => r.action === 'request-submitted')).toMatchObject({ member_id: '5634024', reference_number: reference });
  });

  test('entries cannot be changed or deleted, even by SQL', async () => {
    await expect(t.db('audit_log').update({ action: 'sign-in' })).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').del()).rejects.toThrow(/append-only/);
  });

  test('the administrator reads it, filtered by user, member and date', async () => {
    const admin = await signedIn(t.app, 'demo.admin');
    const page = await admin.visit('/admin/audit');
    expect(page.h1).toBe('Audit log');
    const whats = page.root.querySelectorAll('#audit tbody tr').map((tr) => tr.querySelectorAll('td')[3]?.text.trim());
    expect(whats).toContain('Submitted a request');
    const byUser = await admin.submit('Filter', { 'Username': 'demo.provider', 'Member ID': '5634024' });
    const rows = byUser.root.querySelectorAll('#audit tbody tr').map((tr) => tr.querySelectorAll('td').map((td) => td.text.trim()));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r[1] === 'demo.provider' && r[4] === 'Dino Saur (5634024)')).toBe(true);
    const future = await admin.submit('Filter', { Username: '', 'Member ID': '', From: '01/01/2099', To: '' });
    expect(future.text('main')).toContain('No entries found.');
    const bad = await admin.submit('Filter', { From: '02/30/2026' });
    expect(bad.status).toBe(422);
    expect(bad.errorSummary).toEqual([{ message: 'Enter the from date as a real date, like 03/25/2026', href: '#from' }]);
  });

  test("another organization's administrator sees none of these entries", async () => {
    const entries = await t.db('audit_log').whereNot('organization_id', 1).count({ n: '*' }).first();
    expect(entries).toEqual({ n: 0 });
  });
});

describe('the logs', () => {
  test('are structured, carry a request id, and hold no health information', () => {
    const entries = logLines.map((l) => JSON.parse(l) as { req?: { id?: string; path?: string } });
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.filter((e) => e.req).every((e) => typeof e.req?.id === 'string' && (e.req.path ?? '').indexOf('?') === -1)).toBe(true);
    const all = logLines.join('\n');
    for (const phi of ['Dino', 'Saur', '1982-08-10', '08/10/1982', 'F11.20', 'Opioid', 'memberId=', '5634024', 'Demo-Password']) expect(all).not.toContain(phi);
  });
});
