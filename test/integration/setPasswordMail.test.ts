import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer';
import { sendDueMail, smtpTransport, type MailTransport } from '../../src/services/mailWorker';

/**
 * Issue 13 over the real mail path: a set-password link (a new user's, a forgotten password's) is queued
 * in the outbox and sent by the mail worker to a real SMTP server started here; without a mail server it
 * is kept in the outbox, where only the user's own organization's administrators read it.
 */
const BASE = 'https://portal.plan.example';
const MAIL = { smtpUrl: undefined, publicBaseUrl: BASE, from: 'OpenPA <pa@plan.example>' };
const NEW_PASSWORD = 'Winter-Garden-Lamp-2026';
let now = new Date('2026-03-10T15:00:00.000Z');
let t: TestApp;
let smtp: TestSmtpServer;
let transport: MailTransport;
let admin: Browser;

beforeAll(async () => {
  t = await startTestApp({ mail: MAIL, clock: () => now });
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url);
  admin = await signedIn(t.app, 'demo.admin');
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

/** The one link in a received message, and its path. */
function linkIn(raw: string): string {
  const link = new RegExp(`${BASE.replace(/\./g, '\\.')}(/set-password/[A-Za-z0-9_-]+)`).exec(raw);
  if (!link?.[1]) throw new Error(`no link in:\n${raw}`);
  return link[1];
}

test('a new user gets the link by e-mail, sets a password from it, signs in; the link is not kept once sent', async () => {
  await admin.visit('/users/new');
  const added = await admin.submit('Add user', { Name: 'Sam Scheduler', Username: 'sam.scheduler', Email: 'sam@northside.example', Role: 'Office staff' });
  expect(added.mainText).toContain('Sam Scheduler has been added');
  expect(added.mainText).not.toContain('/set-password/');

  expect(await sendDueMail(t.db, MAIL, transport, now)).toEqual({ sent: 1, failed: 0, kept: 0 });
  expect(smtp.received.map((m) => m.to)).toEqual([['sam@northside.example']]);
  const raw = smtp.received[0]?.raw ?? '';
  expect(raw).toContain('Subject: Set your password for the prior authorization portal');
  expect(raw).toContain('sam.scheduler');
  const path = linkIn(raw);

  const row = await t.db('outbox').where({ to_address: 'sam@northside.example' }).first('status', 'body', 'kind');
  expect(row).toEqual({ status: 'sent', body: null, kind: 'set-password' });

  const sam = new Browser(t.app);
  await sam.visit(path);
  const set = await sam.submit('Set password', { 'New password': NEW_PASSWORD, 'Confirm new password': NEW_PASSWORD });
  expect(set.status).toBeLessThan(400);
  const signedIn = await sam.signIn('sam.scheduler', NEW_PASSWORD);
  expect(signedIn.h1).toContain('Sam Scheduler');
  // Used once: the same link now says so.
  expect((await new Browser(t.app).visit(path)).status).toBe(410);
});

test('a forgotten password: the link arrives for a known username, nothing is sent for an unknown one', async () => {
  const visitor = new Browser(t.app);
  await visitor.visit('/forgot-password');
  await visitor.submit('Send link', { Username: 'nobody.here' });
  await visitor.visit('/forgot-password');
  await visitor.submit('Send link', { Username: 'demo.admin' });
  expect(await sendDueMail(t.db, MAIL, transport, now)).toEqual({ sent: 1, failed: 0, kept: 0 });
  expect(smtp.received.map((m) => m.to)).toEqual([['admin@northside.example']]);
  expect(smtp.received[0]?.raw).toContain('Subject: Reset your password for the prior authorization portal');
  const path = linkIn(smtp.received[0]?.raw ?? '');
  // Valid one hour: after it, the link says it has expired.
  now = new Date(now.getTime() + 61 * 60_000);
  const expired = await new Browser(t.app).visit(path);
  expect(expired.status).toBe(410);
  expect(expired.mainText).toContain('expired');
});

test('without a mail server the link is kept in the outbox: its own administrators read it, the plan administrator does not', async () => {
  await admin.visit('/users/new');
  await admin.submit('Add user', { Name: 'Kim Keeper', Username: 'kim.keeper', Email: 'kim@northside.example', Role: 'Office staff' });
  expect(await sendDueMail(t.db, MAIL, undefined, now)).toEqual({ sent: 0, failed: 0, kept: 1 });
  const message = await t.db('outbox').where({ to_address: 'kim@northside.example' }).first('id', 'status');
  expect(message.status).toBe('kept');

  const own = await admin.visit(`/outbox/${message.id}`);
  expect(own.text('#message-text')).toContain(`${BASE}/set-password/`);
  const planAdmin = await signedIn(t.app, 'demo.planadmin');
  const plans = await planAdmin.visit(`/outbox/${message.id}`);
  expect(plans.status).toBe(200);
  expect(plans.text('#message-text')).not.toContain('/set-password/');
  expect(plans.text('#message-text')).toContain("Only that organization's administrators read it");
});
