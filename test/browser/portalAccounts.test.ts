import path from 'node:path';
import { addOfficeStaff, providerTest, signIn, useHarness } from './helpers/provider';
import { openDatabase } from '../../src/db/database';
import { issueSetPasswordLink } from '../../src/services/setPasswordLinks';

const h = useHarness();

/** Issue 13's pages, with JavaScript off, each passing the audits (axe, html-validate, 320 px). */
describe('the portal around the requests', () => {
  providerTest('an office administrator: home, Member Eligibility, Update My Account, Manage Users and Add user', h, async ({ page }) => {
    await signIn(page, 'demo.admin');
    expect(await page.locator('.announcement h3').allTextContents()).toEqual(['Keep your provider information current', 'Updates for our network', 'Anti-Fraud Plan']);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Member Eligibility' }).click();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.title()).toMatch(/^Error: Member Eligibility/);
    await page.getByLabel('Member ID').fill('5634024');
    await page.getByLabel('Start date of service').fill('03/02/2026');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.locator('#search-result').textContent()).toContain('Eligible on 03/02/2026');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Update My Account' }).click();
    await page.getByLabel('Email').fill('alex@');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter the email address in the right format, like name@example.com']);
    await page.getByLabel('Email').fill('alex@northside.example');
    await page.getByLabel('E-mail me about decisions').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await page.locator('.notice--success').textContent()).toContain('Your account has been updated.');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage Users' }).click();
    await page.getByRole('link', { name: 'Add user' }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(["Enter the user's name", 'Enter the username', 'Enter the email address', 'Select the role']);
    await addOfficeStaff(page, 'Sam Scheduler', 'sam.scheduler', 'front@northside.example');
    expect(await page.locator('.notice--success').textContent()).toContain('Sam Scheduler has been added.');
    const row = page.locator('tr', { hasText: 'sam.scheduler' });
    await row.getByRole('button', { name: 'Deactivate' }).click();
    expect(await page.locator('tr', { hasText: 'sam.scheduler' }).locator('td[data-label=Status]').textContent()).toBe('Deactivated');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Provider information' }).click();
    await page.getByLabel('Phone').fill('555');
    await page.getByRole('button', { name: 'Confirm information' }).click();
    expect(await page.title()).toMatch(/^Error: Provider information/);
    await page.getByLabel('Phone').fill('312-555-0142');
    await page.getByLabel('Yes').check();
    await page.getByLabel('Languages').fill('English, Spanish');
    await page.getByLabel('Accessibility').fill('Wheelchair access');
    await page.getByRole('button', { name: 'Confirm information' }).click();
    expect(await page.locator('.notice--success').textContent()).toContain('your provider information is confirmed');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage Users' }).click();
    await page.locator('tr', { hasText: 'demo.admin' }).getByLabel('Role for Alex Administrator').selectOption({ label: 'Office staff' });
    await page.locator('tr', { hasText: 'demo.admin' }).getByRole('button', { name: 'Change role' }).click();
    expect(await page.title()).toMatch(/^Error: Manage Users/);
  });

  providerTest('the plan administrator keeps the announcements', h, async ({ page }) => {
    await page.context().clearCookies();
    await signIn(page, 'demo.planadmin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Announcements' }).click();
    await page.getByRole('link', { name: 'Add an announcement' }).click();
    await page.getByLabel('End date').fill('01/01/2020');
    await page.getByRole('button', { name: 'Save announcement' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByLabel('Title').fill('Portal maintenance');
    await page.getByLabel('Network Notifications').check();
    await page.getByLabel('Text').fill('Closed Sunday 2 to 4 AM. See https://plan.example/maintenance');
    await page.getByLabel('End date').fill('');
    await page.getByRole('button', { name: 'Save announcement' }).click();
    expect(await page.locator('tbody td[data-label=Title]').allTextContents()).toContain('Portal maintenance');
    await page.getByRole('link', { name: 'Change Portal maintenance' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Change the announcement');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Provider information' }).click();
    expect(await page.locator('tbody td[data-label=Organization]').allTextContents()).toEqual(['Lakeview Pediatrics', 'Northside Family Clinic']);
  });

  providerTest('signed out: Forgot your password?, and setting a password from a link', h, async ({ page, portal }) => {
    await page.context().clearCookies();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('button', { name: 'Send link' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter your username']);
    await page.getByLabel('Username').fill('demo.provider');
    await page.getByRole('button', { name: 'Send link' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your e-mail');

    const db = openDatabase(path.join(portal.dir, 'openpa.sqlite3'));
    const user = await db('users').where({ username: 'demo.provider' }).first();
    const link = await issueSetPasswordLink(db, user.id, 'reset', new Date());
    await db.destroy();
    await page.goto(link);
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter a new password', 'Enter the new password again']);
    await page.getByLabel('New password', { exact: true }).fill('Tulip-Anchor-Violet-42');
    await page.getByLabel('Confirm new password').fill('Tulip-Anchor-Violet-42');
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(await page.locator('.notice--success').textContent()).toContain('Your password has been set.');
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has already been used');
  });
});
