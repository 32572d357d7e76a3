import { providerTest, signIn, useHarness } from './helpers/provider';

const h = useHarness();

/** Issue 14 with JavaScript off: the office withdraws a pended request; every page audited (axe, html-validate, 320 px). */
describe('after submitting: withdraw, copy, duplicate warning', () => {
  providerTest('withdraws the pended demo request from its page, after a problem on the withdraw page', h, async ({ page }) => {
    await signIn(page, 'demo.provider');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
    await page.getByRole('link', { name: 'Status' }).click();
    await page.getByLabel('Member ID').fill('5634026');
    await page.getByRole('button', { name: 'Find requests' }).click();
    const reference = ((await page.locator('#submissions tbody td:first-child').first().textContent()) ?? '').trim();
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('link', { name: 'Withdraw', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Withdraw request ${reference}`);
    // Its only line is chosen already; without a reason the page says what is missing.
    await page.getByRole('button', { name: 'Withdraw request' }).click();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Select the reason for withdrawing']);
    await page.getByRole('radio', { name: 'The service is no longer needed' }).check();
    await page.getByRole('button', { name: 'Withdraw request' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('The request was withdrawn');
    expect(await page.locator('#lines [data-label="Status"]').first().textContent()).toContain('Cancelled');
  });
});
