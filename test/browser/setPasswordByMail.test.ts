import { startSmtpServer, type TestSmtpServer } from '../helpers/smtpServer';
import { ProviderBrowser } from './helpers/chromium';
import { addOfficeStaff, providerTest, signIn, useHarness } from './helpers/provider';

/**
 * Issue 13 with JavaScript off, over the real mail path: demo.admin adds a user; the set-password
 * e-mail reaches a real SMTP server started here (the portal's SMTP_URL); the new user sets a password
 * from the link, signs in and sees only what an office user may use; the administrator deactivates them
 * and their open session ends at once. Every page of both browsers is audited.
 */
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => smtp.close());
const h = useHarness(() => ({ SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://portal.example.org', MAIL_EVERY_SECONDS: '1' }));

/** The first message to `address`: waits on the server's arrivals (events), never on a clock. */
async function mailTo(address: string): Promise<string> {
  for (let count = 1; ; count++) {
    await smtp.whenReceived(count);
    const found = smtp.received.find((m) => m.to.includes(address));
    if (found) return found.raw;
  }
}

providerTest("a new user's set-password link arrives by e-mail; they set a password, sign in, and are signed out when deactivated", h, async ({ page, portal }) => {
  await signIn(page, 'demo.admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage Users' }).click();
  await page.getByRole('link', { name: 'Add user' }).click();
  await addOfficeStaff(page, 'Sam Scheduler', 'sam.scheduler', 'sam@northside.example');
  expect(await page.locator('.notice--success').textContent()).toContain('Sam Scheduler has been added.');

  const mail = await mailTo('sam@northside.example');
  expect(mail).toContain('Subject: Set your password for the prior authorization portal');
  const path = /https:\/\/portal\.example\.org(\/set-password\/[A-Za-z0-9_-]+)/.exec(mail)?.[1];
  expect(path).toBeDefined();

  const sam = await ProviderBrowser.launch(portal.url);
  try {
    await sam.page.goto(path ?? '');
    await sam.page.getByLabel('New password', { exact: true }).fill('Winter-Garden-Lamp-2026');
    await sam.page.getByLabel('Confirm new password').fill('Winter-Garden-Lamp-2026');
    await sam.page.getByRole('button', { name: 'Set password' }).click();
    await sam.page.waitForLoadState('networkidle');
    await sam.page.goto('/sign-in');
    await sam.page.getByLabel('Username').fill('sam.scheduler');
    await sam.page.getByLabel('Password').fill('Winter-Garden-Lamp-2026');
    await sam.page.getByRole('button', { name: 'Sign in' }).click();
    await sam.page.waitForLoadState('networkidle');
    const navigation = await sam.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(navigation).toContain('Prior Authorization');
    expect(navigation).not.toContain('Manage Users');
    expect(navigation).not.toContain('Audit log');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage Users' }).click();
    await page.locator('tr', { hasText: 'sam.scheduler' }).getByRole('button', { name: 'Deactivate' }).click();
    expect(await page.locator('tr', { hasText: 'sam.scheduler' }).locator('td[data-label=Status]').textContent()).toBe('Deactivated');

    // Sam's next page: signed out at once.
    await sam.page.goto('/prior-auth');
    expect(new URL(sam.page.url()).pathname).toBe('/sign-in');
    expect(await sam.auditResults()).toEqual([]);
  } finally {
    await sam.close();
  }
});
