import { providerTest, signIn, useHarness } from './helpers/provider';

const h = useHarness();

describe('the other pages, with JavaScript off, pass the same checks', () => {
  providerTest('Code lookup tells whether 72148 needs authorization', h, async ({ page }) => {
    await signIn(page, 'demo.admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Code lookup' }).click();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByLabel('Search codes').fill('72148');
    await page.getByLabel('Code type').selectOption({ label: 'Procedure' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.locator('main table').textContent()).toContain('Outpatient (Advanced imaging): Authorization required');
  });

  providerTest('the audit log, the password page and its messages, the fax page and a missing page', h, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    await page.getByLabel('From').fill('02/30/2026');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Enter the from date as a real date');
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter your current password', 'Enter a new password', 'Enter the new password again']);
    await page.goto('/prior-auth/fax-clinical-information');
    expect(await page.locator('main').textContent()).toContain('(312) 555-0199');
    const missing = await page.goto('/no/such/page');
    expect(missing?.status()).toBe(404);
    await page.goto('/prior-auth/status?reference=12');
    expect(await page.locator('.error-summary').textContent()).toContain('Enter the 9-digit reference number');
  });
});
