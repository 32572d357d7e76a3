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
    // Rosa Parkway's pended request (her other one waits for the office's information).
    const reference = ((await page.locator('#submissions tbody tr', { hasText: 'Pended' }).locator('td').first().textContent()) ?? '').trim();
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

  providerTest("copies the demo decision's request into a new request and walks it to the review", h, async ({ page }) => {
    await page.goto('/');
    // The demo's decided request (the wheelchair line denied), from the notice on the home page.
    await page.locator('#notices li', { hasText: 'The plan made a decision' }).getByRole('link').click();
    const reference = /Request (\d{9})/.exec((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')?.[1] ?? '';
    await page.getByRole('link', { name: 'Copy to a new request' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Copy request ${reference} to a new request`);
    await page.getByLabel('Start date of service').fill('01/15/2031');
    await page.getByRole('button', { name: 'Copy to a new request' }).click();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual([expect.stringContaining('is not eligible on 01/15/2031')]);
    const start = new Date(Date.now() + 7 * 86_400_000);
    const date = `${String(start.getUTCMonth() + 1).padStart(2, '0')}/${String(start.getUTCDate()).padStart(2, '0')}/${start.getUTCFullYear()}`;
    await page.getByLabel('Start date of service').fill(date);
    await page.getByRole('button', { name: 'Copy to a new request' }).click();
    expect(await page.getByLabel('Start date').inputValue()).toBe(date);
    await page.getByLabel('Treatment type').selectOption({ index: 1 });
    await page.getByLabel('Place of service').selectOption({ label: '11 - Office' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('main').textContent()).toContain('K0001');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/review');
  });

  providerTest('lists the requests that need the office\'s action on the Status tab', h, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
    await page.getByRole('link', { name: 'Status' }).click();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Needs my action' });
    await page.getByRole('button', { name: 'Show requests' }).click();
    // The demo's decided request (its wheelchair line denied the day before, so it may be reconsidered),
    // and the one for which the plan asked for information.
    expect((await page.locator('#submissions tbody td[data-label="Status"]').allTextContents()).map((t) => t.trim()).sort()).toEqual(['Information requested', 'Partially approved']);
  });
});
