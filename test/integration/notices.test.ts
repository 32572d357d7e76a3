import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { ONE_LINE } from '../helpers/planRequests';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer';
import { testPasswordHasher } from '../helpers/passwords';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { insertUser } from '../../src/db/repositories/users';
import { openDatabase } from '../../src/db/database';
import { DEMO_PASSWORD } from '../../src/seed/demo';
import { MAX_SEND_ATTEMPTS } from '../../src/domain/notices';
import { sendDueMail, smtpTransport, startMailWorker, type MailTransport } from '../../src/services/mailWorker';

/** Notifications (issue 12): the office's notices, the e-mail queue through a real SMTP server, the outbox. */
const NOW = new Date('2026-03-10T15:00:00.000Z');
const MINUTE = 60_000;
const BASE = 'https://portal.example.org';
const MAIL = { smtpUrl: undefined, publicBaseUrl: BASE, from: 'OpenPA <pa@plan.example>' };
let t: TestApp;
let smtp: TestSmtpServer;
let transport: MailTransport;
let physician: Browser;
let nurse: Browser;
let office: Browser;

beforeAll(async () => {
  t = await startTestApp({ clock: () => NOW, mail: MAIL });
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  await t.db('users').where({ username: 'demo.provider' }).update({ email: 'dana@northside.example' });
  physician = await signedIn(t.app, 'demo.physician');
  nurse = await signedIn(t.app, 'demo.nurse');
  office = await signedIn(t.app, 'demo.provider');
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.refusing = false;
});

/** A request of Northside's, with a contact e-mail, assigned to the reviewer and opened for a decision. */
async function deciding(reviewer: Browser): Promise<{ reference: string; requestId: number }> {
  const reference = await insertDemoRequest(t.db, ONE_LINE, NOW);
  await t.db('auth_requests').where({ reference_number: reference }).update({ contact_email: 'frontdesk@northside.example' });
  await reviewer.visit(`/plan/requests/${reference}`);
  await reviewer.submit('Assign to me');
  await reviewer.submit('Decide this request');
  const { id } = await t.db('auth_requests').where({ reference_number: reference }).first('id');
  return { reference, requestId: id };
}

async function approve(reviewer: Browser): Promise<{ reference: string; requestId: number }> {
  const request = await deciding(reviewer);
  await reviewer.submit('Approve line 1');
  const sent = await reviewer.submit('Send decision');
  expect(sent.mainText).toContain('Decision sent.');
  return request;
}

const outboxOf = (requestId: number) => t.db('outbox as o').join('notices as n', 'n.id', 'o.notice_id').where('n.request_id', requestId).orderBy('o.id').select('o.*');

test('a decision raises a notice and e-mails to the submitter and the contact; they reach the SMTP server with the reference and the link, and no member name', async () => {
  const { reference, requestId } = await approve(physician);
  expect(await t.db('notices').where({ request_id: requestId }).select('kind', 'created_at')).toEqual([{ kind: 'decision', created_at: NOW.toISOString() }]);
  expect((await outboxOf(requestId)).map((m) => [m.to_address, m.status])).toEqual([['dana@northside.example', 'queued'], ['frontdesk@northside.example', 'queued']]);

  expect(await sendDueMail(t.db, MAIL, transport, NOW)).toEqual({ sent: 2, failed: 0, kept: 0 });
  expect(smtp.received.map((m) => m.to)).toEqual([['dana@northside.example'], ['frontdesk@northside.example']]);
  for (const mail of smtp.received) {
    expect(mail.from).toBe('pa@plan.example');
    expect(mail.raw).toContain(`Subject: Request ${reference} has news`);
    expect(mail.raw).toContain(`${BASE}/prior-auth/requests/${reference}`);
    for (const health of ['Dino', 'Saur', '5634024', 'E0601', 'M54.50', 'Approved', 'Phil']) expect(mail.raw).not.toContain(health);
  }
  expect((await outboxOf(requestId)).map((m) => [m.status, m.attempts, m.sent_at])).toEqual([['sent', 1, NOW.toISOString()], ['sent', 1, NOW.toISOString()]]);
  // Nothing is due any more: a second round sends nothing.
  expect(await sendDueMail(t.db, MAIL, transport, new Date(NOW.getTime() + 60 * MINUTE))).toEqual({ sent: 0, failed: 0, kept: 0 });
  expect(smtp.received).toHaveLength(2);
});

test("a submitter who turned off 'E-mail me about decisions' gets no e-mail; the request's contact still does, and the notice is on the home page", async () => {
  await t.db('users').where({ email: 'dana@northside.example' }).update({ email_on_decisions: false });
  try {
    const { requestId } = await approve(physician);
    expect(await t.db('notices').where({ request_id: requestId }).count({ n: '*' }).first()).toEqual({ n: 1 });
    expect((await outboxOf(requestId)).map((m) => m.to_address)).toEqual(['frontdesk@northside.example']);
  } finally {
    await t.db('users').where({ email: 'dana@northside.example' }).update({ email_on_decisions: true });
  }
});

test('a decision another reviewer made first is not sent, and raises no notice and no e-mail (a notice exists exactly when its decision does)', async () => {
  const { requestId } = await deciding(physician);
  await physician.submit('Approve line 1');
  // Someone else decides the line meanwhile.
  await t.db('request_lines').where({ request_id: requestId }).increment('decision_count', 1);
  const refused = await physician.submit('Send decision');
  expect(refused.status).toBe(422);
  expect(await t.db('notices').where({ request_id: requestId }).count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await outboxOf(requestId)).toEqual([]);
});

test('a mail server refusing the message: retried later with back-off, the error shown, the notice kept', async () => {
  const { requestId } = await approve(physician);
  await t.db('outbox').whereNot('notice_id', (await t.db('notices').where({ request_id: requestId }).first('id')).id).update({ status: 'sent' });
  smtp.refusing = true;
  expect(await sendDueMail(t.db, MAIL, transport, NOW)).toEqual({ sent: 0, failed: 2, kept: 0 });
  let rows = await outboxOf(requestId);
  expect(rows.map((m) => [m.status, m.attempts, m.next_attempt_at])).toEqual([
    ['queued', 1, new Date(NOW.getTime() + MINUTE).toISOString()],
    ['queued', 1, new Date(NOW.getTime() + MINUTE).toISOString()],
  ]);
  expect(rows[0].last_error).toContain('Mailbox dana@northside.example unavailable');

  // Not due yet half a minute later; the second failure waits twice as long.
  expect(await sendDueMail(t.db, MAIL, transport, new Date(NOW.getTime() + MINUTE / 2))).toEqual({ sent: 0, failed: 0, kept: 0 });
  const second = new Date(NOW.getTime() + MINUTE);
  expect(await sendDueMail(t.db, MAIL, transport, second)).toEqual({ sent: 0, failed: 2, kept: 0 });
  rows = await outboxOf(requestId);
  expect(rows.map((m) => [m.attempts, m.next_attempt_at])).toEqual([
    [2, new Date(second.getTime() + 2 * MINUTE).toISOString()],
    [2, new Date(second.getTime() + 2 * MINUTE).toISOString()],
  ]);

  smtp.refusing = false;
  expect(await sendDueMail(t.db, MAIL, transport, new Date(second.getTime() + 2 * MINUTE))).toEqual({ sent: 2, failed: 0, kept: 0 });
  expect(smtp.received).toHaveLength(2);
  expect((await outboxOf(requestId)).map((m) => [m.status, m.attempts])).toEqual([['sent', 3], ['sent', 3]]);
  expect(await t.db('notices').where({ request_id: requestId }).count({ n: '*' }).first()).toEqual({ n: 1 });
});

test('a message refused at its last attempt is given up: marked as not sent, with the error, and not tried again', async () => {
  const { requestId } = await approve(physician);
  const [first] = await outboxOf(requestId);
  await t.db('outbox').whereNot({ id: first.id }).whereNot({ status: 'sent' }).update({ status: 'sent' });
  await t.db('outbox').where({ id: first.id }).update({ attempts: MAX_SEND_ATTEMPTS - 1 });
  smtp.refusing = true;
  expect(await sendDueMail(t.db, MAIL, transport, NOW)).toEqual({ sent: 0, failed: 1, kept: 0 });
  const [given] = await outboxOf(requestId);
  expect([given.status, given.attempts]).toEqual(['failed', MAX_SEND_ATTEMPTS]);
  expect(given.last_error).toContain('unavailable');
  expect(await sendDueMail(t.db, MAIL, transport, new Date(NOW.getTime() + 24 * 60 * MINUTE))).toEqual({ sent: 0, failed: 0, kept: 0 });
});

test('two workers (two connections, as two processes) claiming at once send each message once', async () => {
  await t.db('outbox').whereNot({ status: 'sent' }).update({ status: 'sent' });
  const requests = [await approve(physician), await approve(physician), await approve(physician)];
  const other = openDatabase(t.location);
  const otherTransport = smtpTransport(smtp.url);
  try {
    const [a, b] = await Promise.all([sendDueMail(t.db, MAIL, transport, NOW), sendDueMail(other, MAIL, otherTransport, NOW)]);
    expect(a.sent + b.sent).toBe(6);
    expect(a.failed + b.failed).toBe(0);
  } finally {
    otherTransport.close();
    await other.destroy();
  }
  expect(smtp.received).toHaveLength(6);
  const received = smtp.received.map((m) => `${m.to[0]} ${/Subject: (.*)/.exec(m.raw)?.[1]}`).sort();
  expect(new Set(received).size).toBe(6);
  for (const { requestId } of requests) expect((await outboxOf(requestId)).map((m) => [m.status, m.attempts])).toEqual([['sent', 1], ['sent', 1]]);
});

describe('without SMTP_URL', () => {
  let planAdmin: Browser;
  let northsideAdmin: Browser;
  let lakeviewAdmin: Browser;
  let lakeviewProvider: Browser;
  beforeAll(async () => {
    planAdmin = await signedIn(t.app, 'demo.planadmin');
    northsideAdmin = await signedIn(t.app, 'demo.admin');
    const lakeview = await t.db('users').where({ username: 'demo.provider2' }).first('organization_id');
    await insertUser(t.db, { organizationId: lakeview.organization_id, username: 'demo.admin2', displayName: 'Lou Lakeview', role: 'org_admin', passwordHash: await testPasswordHasher.hash(DEMO_PASSWORD) });
    lakeviewAdmin = await signedIn(t.app, 'demo.admin2');
    lakeviewProvider = await signedIn(t.app, 'demo.provider2');
  });

  test('messages are kept in the outbox: the plan administrator reads all, the office administrator their own; a provider, and another office, get 404', async () => {
    await t.db('outbox').whereNot({ status: 'sent' }).update({ status: 'sent' });
    const { reference, requestId } = await approve(physician);
    expect(await sendDueMail(t.db, MAIL, undefined, NOW)).toEqual({ sent: 0, failed: 0, kept: 2 });
    expect(smtp.received).toHaveLength(0);
    const [message] = await outboxOf(requestId);

    const outbox = await planAdmin.visit('/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.h1).toBe('Outbox');
    expect(outbox.root.querySelectorAll('nav a').map((a) => a.text.trim())).toContain('Outbox');
    const first = outbox.root.querySelector('#outbox tbody tr');
    expect(first?.querySelector('td[data-label="To"]')?.text.trim()).toBe('frontdesk@northside.example');
    expect(first?.querySelector('td[data-label="Organization"]')?.text.trim()).toBe('Northside Family Clinic');
    expect(first?.querySelector('td[data-label="Subject"]')?.text.trim()).toBe(`Request ${reference} has news`);
    expect(first?.querySelector('td[data-label="Status"]')?.text.trim()).toBe('Kept (no mail server set up)');
    expect(first?.querySelector('td[data-label="Attempts"]')?.text.trim()).toBe('0');
    expect(outbox.mainText).toContain('No mail server is set up (SMTP_URL), so messages are kept here');

    const opened = await planAdmin.visit(`/outbox/${message.id}`);
    expect(opened.h1).toBe(`Request ${reference} has news`);
    expect(opened.text('#message-text')).toContain(`Prior authorization request ${reference} has news.`);
    expect(opened.text('#message-text')).toContain(`${BASE}/prior-auth/requests/${reference}`);

    const own = await northsideAdmin.visit('/outbox');
    expect(own.texts('#outbox td[data-label="Subject"]')).toContain(`Request ${reference} has news`);
    expect(own.root.querySelector('td[data-label="Organization"]')).toBeNull();
    expect((await northsideAdmin.visit(`/outbox/${message.id}`)).status).toBe(200);

    expect((await lakeviewAdmin.visit(`/outbox/${message.id}`)).status).toBe(404);
    expect((await lakeviewAdmin.visit('/outbox')).texts('#outbox td[data-label="Subject"]')).not.toContain(`Request ${reference} has news`);
    for (const [who, path] of [[lakeviewProvider, '/outbox'], [lakeviewProvider, `/outbox/${message.id}`], [office, '/outbox'], [nurse, '/outbox']] as const) {
      expect((await who.visit(path)).status).toBe(404);
    }
    expect((await planAdmin.visit('/outbox/not-a-number')).status).toBe(404);
  });

  test('the worker a portal process runs keeps due messages at once, and stops when asked', async () => {
    const { requestId } = await approve(physician);
    const worker = startMailWorker(t.db, MAIL, { everyMs: 60 * MINUTE, onError: (err) => { throw err; } });
    await worker.stop();
    expect((await outboxOf(requestId)).map((m) => m.status)).toEqual(['kept', 'kept']);
  });
});

describe("the office's home page", () => {
  test('lists the notices newest first, unread in words; opening one marks it read for that user only and goes to the request', async () => {
    const decided = await approve(physician);
    const asked = await deciding(nurse);
    await nurse.submit('Request information');
    await nurse.submit('Request information', { 'Information needed': 'The sleep study report' });

    let home = await office.visit('/');
    const items = home.texts('#notices li');
    expect(items[0]).toContain(`Unread Request ${asked.reference}: The plan asked for more information`);
    expect(items[1]).toContain(`Unread Request ${decided.reference}: The plan made a decision`);
    expect(home.text('#notices')).toMatch(/\d+ notices you have not read\./);

    const link = home.root.querySelectorAll('#notices a').find((a) => a.text.includes(asked.reference));
    const opened = await office.visit(link?.getAttribute('href') ?? '');
    expect(opened.url).toBe(`/prior-auth/requests/${asked.reference}`);
    expect(opened.h1).toContain(asked.reference);

    home = await office.visit('/');
    const item = home.texts('#notices li').find((text) => text.includes(asked.reference)) ?? '';
    expect(item).not.toContain('Unread');
    expect(item).toContain(', read');
    // Read is per user: the office's administrator has not opened it.
    const admin = await signedIn(t.app, 'demo.admin');
    expect((await admin.visit('/')).texts('#notices li').find((text) => text.includes(asked.reference))).toContain('Unread');
    const noticeId = (link?.getAttribute('href') ?? '').split('/').pop();

    // Another office sees none of them and cannot open them; the plan's staff have no notices.
    const lakeview = await signedIn(t.app, 'demo.provider2');
    expect((await lakeview.visit('/')).text('#notices')).not.toContain(asked.reference);
    expect((await lakeview.visit(`/notices/${noticeId}`)).status).toBe(404);
    expect((await nurse.visit(`/notices/${noticeId}`)).status).toBe(404);
    expect((await office.visit('/notices/99999999')).status).toBe(404);
    expect((await office.visit('/notices/abc')).status).toBe(404);
  });
});
