import { signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('Update My Account', () => {
  test('shows what is stored, says what is wrong with each field, and saves name, e-mail, phone and the e-mail preference', async () => {
    const browser = await signedIn(t.app, 'demo.admin');
    await browser.visit('/');
    const page = await browser.visit(browser.page.root.querySelectorAll('nav[aria-label=Main] a').find((a) => a.text === 'Update My Account')?.getAttribute('href') ?? '');
    expect(page.h1).toBe('Update My Account');
    expect(page.valueOf('Name')).toBe('Alex Administrator');
    expect(page.valueOf('Email')).toBe('admin@northside.example');
    expect(page.controlByLabel(page.root, 'E-mail me about decisions').hasAttribute('checked')).toBe(true);
    expect(page.root.querySelector('main a[href="/account/password"]')?.text).toBe('Change password');

    const bad = await browser.submit('Save changes', { Name: '', Email: 'alex@', Phone: '555-0142', 'E-mail me about decisions': '' });
    expect(bad.status).toBe(422);
    expect(bad.title).toMatch(/^Error: /);
    const messages = ['Enter your name', 'Enter the email address in the right format, like name@example.com', 'Enter the phone number as a 10-digit US number, like 312-555-0142'];
    expect(bad.errorSummary).toEqual([
      { href: '#displayName', message: messages[0] },
      { href: '#email', message: messages[1] },
      { href: '#phone', message: messages[2] },
    ]);
    expect(bad.inlineErrors).toEqual(messages);
    expect(bad.valueOf('Email')).toBe('alex@');
    expect(bad.controlByLabel(bad.root, 'E-mail me about decisions').hasAttribute('checked')).toBe(false);

    const saved = await browser.submit('Save changes', { Name: 'Alex Admin', Email: 'alex@northside.example', Phone: '312 555 0142', 'E-mail me about decisions': '' });
    expect(saved.url).toBe('/account');
    expect(saved.text('.notice--success')).toBe('Your account has been updated.');
    expect(saved.valueOf('Phone')).toBe('(312) 555-0142');
    expect(saved.controlByLabel(saved.root, 'E-mail me about decisions').hasAttribute('checked')).toBe(false);
    expect(saved.text('.site-header__account')).toContain('Alex Admin,');
    const row = await t.db('users').where({ username: 'demo.admin' }).first();
    expect({ name: row.display_name, email: row.email, phone: row.phone, on: Boolean(row.email_on_decisions) }).toEqual({ name: 'Alex Admin', email: 'alex@northside.example', phone: '(312) 555-0142', on: false });
    expect(await t.db('audit_log').where({ action: 'account-updated', user_id: row.id }).count({ n: '*' }).first()).toEqual({ n: 1 });

    const again = await browser.submit('Save changes', { Email: '', Phone: '', 'E-mail me about decisions': 'yes' });
    expect(again.status).toBe(200);
    const after = await t.db('users').where({ username: 'demo.admin' }).first();
    expect({ email: after.email, phone: after.phone, on: Boolean(after.email_on_decisions) }).toEqual({ email: null, phone: null, on: true });
  });

  test('a new user gets e-mails on decisions unless they say otherwise', async () => {
    const row = await t.db('users').where({ username: 'demo.provider' }).first();
    expect(Boolean(row.email_on_decisions)).toBe(true);
  });
});
