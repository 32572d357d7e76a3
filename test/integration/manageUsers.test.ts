import { Browser, DEMO_PASSWORD, type Page, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import type { SetPasswordLinkMessage } from '../../src/services/setPasswordLinks';
import { changeOrganizationUser } from '../../src/db/repositories/organizationUsers';
import { sessionRowsOfUser } from '../helpers/sessionRows';

let t: TestApp;
const sent: SetPasswordLinkMessage[] = [];
let admin: Browser;
beforeAll(async () => {
  t = await startTestApp({ deliverSetPasswordLink: async (m) => void sent.push(m) });
  admin = await signedIn(t.app, 'demo.admin');
});
afterAll(async () => t.close());

/** The row of the Manage Users table for a username, as the administrator sees it. */
function row(page: Page, username: string) {
  const tr = page.root.querySelectorAll('.users-table tbody tr').find((r) => r.querySelectorAll('td')[0]?.text.trim() === username);
  if (!tr) throw new Error(`No row for ${username}`);
  const cells = Object.fromEntries(tr.querySelectorAll('th, td').map((c) => [c.getAttribute('data-label') ?? '', c.querySelectorAll('form').length ? '' : c.text.replace(/\s+/g, ' ').trim()]));
  const buttons = tr.querySelectorAll('button').map((b) => b.text.trim());
  return { tr, cells, buttons };
}

/** Clicks a button of a user's row (each button is its own form). */
async function clickInRow(username: string, button: string, fields: Record<string, string> = {}) {
  const { tr } = row(await admin.visit('/users'), username);
  const form = tr.querySelectorAll('form').find((f) => f.querySelectorAll('button').some((b) => b.text.trim() === button));
  if (!form) throw new Error(`No ${button} for ${username}`);
  return admin.post(form.getAttribute('action') ?? '', { _csrf: admin.csrfToken, ...fields });
}

describe('Manage Users', () => {
  test("lists the organization's users only, with name, username, e-mail, role, last sign-in and status", async () => {
    const page = await admin.visit('/users');
    expect(page.h1).toBe('Manage Users');
    expect(page.texts('.users-table tbody td:first-of-type')).toEqual(['demo.admin', 'demo.provider']);
    expect(row(page, 'demo.admin').cells).toMatchObject({ Name: 'Alex Administrator (you)', Email: 'admin@northside.example', Role: 'Organization administrator', Status: 'Active' });
    expect(row(page, 'demo.admin').cells['Last sign-in']).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} [AP]M$/);
    expect(row(page, 'demo.provider').cells).toMatchObject({ Name: 'Dana Provider', Email: 'None', Role: 'Office staff', 'Last sign-in': 'Never', Status: 'Active' });
    expect(row(page, 'demo.provider').buttons).toEqual(['Change role', 'Deactivate']);
    expect(row(page, 'demo.admin').buttons).toEqual(['Change role', 'Send set-password link']);
  });

  test('Add user says what is wrong, keeps what was typed, and hands the new user a link the administrator never sees', async () => {
    await admin.visit('/users');
    let page = await admin.visit(admin.page.root.querySelectorAll('a').find((a) => a.text === 'Add user')?.getAttribute('href') ?? '');
    expect(page.h1).toBe('Add user');
    page = await admin.submit('Add user', { Name: '', Username: 'Demo Provider', Email: 'x@', Role: '' });
    expect(page.status).toBe(422);
    const messages = ["Enter the user's name", 'Username must be 3 to 50 letters, numbers, dots, hyphens or underscores, starting with a letter or number', 'Enter the email address in the right format, like name@example.com', 'Select the role'];
    expect(page.errorSummary).toEqual(['displayName', 'username', 'email', 'role'].map((f, i) => ({ href: `#${f}`, message: messages[i] })));
    expect(page.inlineErrors).toEqual(messages);
    expect(page.valueOf('Username')).toBe('Demo Provider');
    page = await admin.submit('Add user', { Name: 'Sam Scheduler', Username: 'demo.provider', Email: 'front@northside.example', Role: 'Office staff' });
    expect(page.errorSummary).toEqual([{ href: '#username', message: 'The username demo.provider is taken: choose another' }]);
    expect(sent).toEqual([]);

    page = await admin.submit('Add user', { Name: 'Sam Scheduler', Username: 'sam.scheduler', Email: 'front@northside.example', Role: 'Office staff' });
    expect(page.url).toBe('/users');
    expect(page.text('.notice--success')).toBe('Sam Scheduler has been added. A link to set their password has been sent to front@northside.example. It works once, for 72 hours.');
    expect(row(page, 'sam.scheduler').cells).toMatchObject({ Name: 'Sam Scheduler', Role: 'Office staff', 'Last sign-in': 'Never', Status: 'Active' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ username: 'sam.scheduler', email: 'front@northside.example', purpose: 'invite' });
    expect(sent[0]?.path).toMatch(/^\/set-password\/[A-Za-z0-9_-]{43}$/);
    expect(page.html).not.toContain(sent[0]?.path.split('/').pop());
    // Stored hashed: the token itself is nowhere in the database.
    const tokens = await t.db('set_password_tokens').select();
    expect(JSON.stringify(tokens)).not.toContain(sent[0]?.path.split('/').pop());
    expect(await t.db('audit_log').where({ action: 'user-added' }).pluck('detail')).toEqual(['sam.scheduler: Office staff']);
  });

  test('the new user sets a password from the link, signs in, and sees only what their role allows', async () => {
    const newcomer = new Browser(t.app);
    await newcomer.visit(sent[0]?.path ?? '');
    expect(newcomer.page.h1).toBe('Set your password');
    await newcomer.submit('Set password', { 'New password': 'Tulip-Anchor-Violet-42', 'Confirm new password': 'Tulip-Anchor-Violet-42' });
    const home = await newcomer.signIn('sam.scheduler', 'Tulip-Anchor-Violet-42');
    expect(home.url).toBe('/');
    expect(home.texts('nav[aria-label=Main] a')).not.toContain('Manage Users');
    expect((await newcomer.agent.get('/users')).status).toBe(404);
    expect((await newcomer.visit('/prior-auth')).status).toBe(200);
  });

  test('changes a role, and never leaves the organization without an active administrator', async () => {
    let page = await clickInRow('demo.provider', 'Change role', { role: 'org_admin' });
    expect(page.text('.notice--success')).toBe('Dana Provider is now: Organization administrator.');
    page = await clickInRow('demo.provider', 'Change role', { role: 'provider' });
    expect(row(page, 'demo.provider').cells.Role).toBe('Office staff');

    page = await clickInRow('demo.admin', 'Change role', { role: 'provider' });
    expect(page.status).toBe(422);
    const message = "Alex Administrator is the organization's last active administrator. Make another user an administrator first.";
    expect(page.errorSummary).toEqual([{ href: `#${row(page, 'demo.admin').tr.getAttribute('id')}`, message }]);
    expect(page.inlineErrors).toEqual([message]);
    expect(row(page, 'demo.admin').cells.Role).toBe('Organization administrator');
    // A role of the other side is refused, not stored.
    page = await clickInRow('demo.provider', 'Change role', { role: 'plan_admin' });
    expect(page.status).toBe(422);
    expect(await t.db('audit_log').where({ action: 'user-role-changed' }).pluck('detail')).toEqual(['demo.provider: Organization administrator', 'demo.provider: Office staff']);
  });

  test('the last-administrator rule holds in the transaction itself, whatever the page showed', async () => {
    const org = await t.db('organizations').where({ name: 'Northside Family Clinic' }).first();
    const adminRow = await t.db('users').where({ username: 'demo.admin' }).first();
    const outcome = await changeOrganizationUser(t.db, org.id, adminRow.id, { active: false }, 'org_admin', (left) => (left === 0 ? 'none left' : undefined), new Date());
    expect(outcome).toEqual({ refused: 'none left' });
    expect((await t.db('users').where({ id: adminRow.id }).first()).deactivated_at).toBeNull();
  });

  test('deactivating ends the user\'s session at once and stops sign-in; reactivating lets them back', async () => {
    const provider = await signedIn(t.app, 'demo.provider');
    expect((await provider.visit('/prior-auth')).status).toBe(200);

    let page = await clickInRow('demo.provider', 'Deactivate');
    expect(page.text('.notice--success')).toBe('Dana Provider has been deactivated and signed out.');
    expect(row(page, 'demo.provider').cells.Status).toBe('Deactivated');
    expect(row(page, 'demo.provider').buttons).toEqual(['Change role', 'Reactivate']);
    // Ended in the session store itself, not only refused at the next request.
    expect(await sessionRowsOfUser(t.db, (await t.db('users').where({ username: 'demo.provider' }).first()).id)).toEqual([]);
    expect((await provider.visit('/prior-auth')).url).toBe('/sign-in');
    const refused = await provider.signIn('demo.provider');
    expect(refused.status).toBe(422);
    expect(refused.errorSummary[0]?.message).toBe('This account has been deactivated. Ask your administrator to reactivate it.');

    page = await clickInRow('demo.provider', 'Reactivate');
    expect(page.text('.notice--success')).toBe('Dana Provider has been reactivated.');
    // Back where the session ended.
    expect((await provider.signIn('demo.provider')).url).toBe('/prior-auth');
    expect(await t.db('audit_log').whereIn('action', ['user-deactivated', 'user-reactivated']).pluck('action')).toEqual(['user-deactivated', 'user-reactivated']);
  });

  test('unlocks a locked-out username', async () => {
    const guesser = new Browser(t.app);
    for (let i = 0; i < 5; i++) await guesser.signIn('demo.provider', 'Wrong-Password-0000');
    let page = await admin.visit('/users');
    expect(row(page, 'demo.provider').cells.Status).toMatch(/^Active; locked out until /);
    page = await clickInRow('demo.provider', 'Unlock');
    expect(page.text('.notice--success')).toBe('Dana Provider can sign in again.');
    expect(row(page, 'demo.provider').cells.Status).toBe('Active');
    expect(row(page, 'demo.provider').buttons).not.toContain('Unlock');
    expect((await guesser.signIn('demo.provider', DEMO_PASSWORD)).url).toBe('/');
    expect(await t.db('audit_log').where({ action: 'user-unlocked' }).pluck('detail')).toEqual(['demo.provider']);
  });

  test('sends a new set-password link to a user with an e-mail address', async () => {
    sent.length = 0;
    const page = await clickInRow('sam.scheduler', 'Send set-password link');
    expect(page.text('.notice--success')).toBe('A link to set a password has been sent to Sam Scheduler at front@northside.example. It works once, for 72 hours.');
    expect(sent.map((m) => [m.username, m.purpose])).toEqual([['sam.scheduler', 'invite']]);
  });

  test("the plan administrator manages the plan's users on the same page, with the plan's roles", async () => {
    const planAdmin = await signedIn(t.app, 'demo.planadmin');
    const page = await planAdmin.visit('/users');
    expect(page.texts('.users-table tbody td:first-of-type')).toEqual(['demo.nurse', 'demo.planadmin', 'demo.physician']);
    expect(page.texts('#role-' + (await t.db('users').where({ username: 'demo.nurse' }).first()).id + ' option')).toEqual(['Clinical reviewer', 'Physician reviewer', 'Plan administrator']);
    const add = await planAdmin.visit('/users/new');
    expect(add.texts('#role option').slice(1)).toEqual(['Clinical reviewer', 'Physician reviewer', 'Plan administrator']);
  });

  test("another organization's user is not there: 404", async () => {
    const other = await t.db('users').where({ username: 'demo.provider2' }).first();
    const res = await admin.agent.post(`/users/${other.id}/deactivate`).type('form').send({ _csrf: admin.csrfToken });
    expect(res.status).toBe(404);
    expect((await t.db('users').where({ id: other.id }).first()).deactivated_at).toBeNull();
  });
});
