import path from 'node:path';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/db/database';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { TWO_LINES } from '../helpers/planRequests';
import { providerTest, signIn, useHarness } from './helpers/provider';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in?signed-out=1');
  await page.waitForLoadState('networkidle');
}

const h = useHarness();

/** The public metrics page (signed out), the plan administrator's pages and deciding every line at once (issue 12), JavaScript off, every page audited. */
describe('the public metrics, the plan administrator, and deciding every line at once', () => {
  providerTest('anyone reads the prior authorization metrics without signing in, for a year they choose', h, async ({ page }) => {
    await page.goto('/prior-authorization/metrics');
    expect(await page.title()).toContain('Prior authorization metrics');
    const year = await page.getByLabel('Year').inputValue();
    expect(year).toMatch(/^\d{4}$/);
    await page.getByLabel('Year').selectOption(String(Number(year) - 1));
    await page.getByRole('button', { name: 'Show figures' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Prior authorization metrics for ${Number(year) - 1}`);
    expect(await page.getByRole('link', { name: 'Download these figures (CSV)' }).getAttribute('href')).toBe(`/prior-authorization/metrics.csv?year=${Number(year) - 1}`);
    await page.goto('/prior-authorization/metrics?year=nineteen');
    expect(await page.locator('.error-summary a').allTextContents()).toEqual([`Choose a year from the list: 2025 to ${year}`]);
  });

  providerTest('demo.planadmin changes how partial approvals count, and reads the plan staff audit log', h, async ({ page }) => {
    await signIn(page, 'demo.planadmin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plan settings' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Plan settings');
    await page.getByLabel('Reconsideration window in days').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['The reconsideration window must be between 1 and 365 days']);
    await page.getByRole('radio', { name: 'As denied' }).check();
    await page.getByLabel('Reconsideration window in days').fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.locator('main').textContent()).toContain('Settings saved: partial approvals count as denied; reconsideration within 30 days.');
    await page.getByRole('link', { name: 'See the prior authorization metrics' }).click();
    expect(await page.locator('main').textContent()).toContain('Partial approvals count as denied');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    expect(await page.locator('#audit tbody tr').first().textContent()).toContain('Changed the plan settings');
  });

  providerTest('demo.physician filters the queue by category, is refused a period outside the one asked, then approves all lines', h, async ({ page, portal }) => {
    // A two-line request waiting for the plan, written to the portal's database as the office's submit would.
    const db = openDatabase(path.join(portal.dir, 'openpa.sqlite3'));
    const reference = await insertDemoRequest(db, { ...TWO_LINES, hoursAgo: 2 }).finally(() => db.destroy());
    await signOut(page);
    await signIn(page, 'demo.physician');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    await page.getByLabel('Category').selectOption({ label: 'Durable medical equipment' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: `Assign to me request ${reference}` }).click();
    await page.getByRole('link', { name: reference, exact: true }).click();
    await page.getByRole('button', { name: 'Decide this request' }).click();
    await page.getByLabel('Authorized to for line 1').fill('12/31/2099');
    await page.getByRole('button', { name: 'Approve line 1', exact: true }).click();
    const refused = await page.locator('.error-summary a').allTextContents();
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^Line 1: the authorized period cannot end after \d\d\/\d\d\/\d{4}, the last day requested$/);
    await page.getByLabel('Reason code for all lines').selectOption({ label: 'The clinical criteria for this service were not met' });
    await page.getByRole('button', { name: 'Deny all lines' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['All lines: enter the reason for the decision: which criterion was not met, or what documentation fell short']);
    await page.getByRole('button', { name: 'Approve all lines' }).click();
    expect(await page.locator('#line-2').textContent()).toContain('Chosen: Approved, 1 unit.');
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await page.locator('main').textContent()).toContain('Decision sent.');
  });
});
