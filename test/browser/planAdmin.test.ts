import { providerTest, signIn, useHarness } from './helpers/provider';

const h = useHarness();

/** The public metrics page (signed out) and the plan administrator's pages (issue 12), JavaScript off, every page audited. */
describe('the public metrics and the plan administrator', () => {
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
});
