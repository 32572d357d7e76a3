import { providerTest, signIn, signOut, useHarness } from './helpers/provider';

const h = useHarness();

/** The plan's review desk (issue 12) with JavaScript off, by label and button name; every page audited. */
describe("the plan's review desk", () => {
  providerTest('demo.nurse finds the expedited request at the top of the queue, assigns it, and approves it in full', h, async ({ page }) => {
    await signIn(page, 'demo.nurse');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Review queue');
    const first = page.locator('main table tbody tr').first();
    expect(await first.textContent()).toContain('Expedited');
    const reference = (await first.locator('td').first().textContent())?.trim() ?? '';
    await page.getByLabel('Expedited only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: `Assign to me request ${reference}` }).click();
    await page.getByRole('link', { name: reference, exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Request ${reference}`);
    await page.getByRole('button', { name: 'Decide this request' }).click();
    await page.getByRole('button', { name: 'Extend review' }).click();
    await page.getByRole('button', { name: 'Extend review' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter the extension in days', 'Enter the reason for the extension']);
    await page.getByRole('link', { name: 'Back to the decision' }).click();
    await page.getByRole('button', { name: 'Request information' }).click();
    await page.getByRole('link', { name: 'Back to the decision' }).click();
    await page.getByRole('button', { name: 'Refer to physician' }).click();
    await page.getByRole('link', { name: 'Back to the decision' }).click();
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Line 1: choose Approve, Partially approve or Deny']);
    await page.getByRole('button', { name: 'Approve line 1' }).click();
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await page.locator('main').textContent()).toContain('Decision sent.');
  });

  providerTest('demo.physician denies the standard request with a reason code and the reason; the office sees the denial and its reason', h, async ({ page }) => {
    await signOut(page);
    await signIn(page, 'demo.physician');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    const row = page.locator('main table tbody tr', { hasText: 'E0470' });
    const reference = (await row.locator('td').first().textContent())?.trim() ?? '';
    await page.getByRole('button', { name: `Assign to me request ${reference}` }).click();
    await page.getByRole('link', { name: reference, exact: true }).click();
    await page.getByRole('button', { name: 'Decide this request' }).click();
    await page.getByRole('button', { name: 'Deny line 1' }).click();
    expect(await page.title()).toMatch(/^Error: /);
    await page.getByLabel('Reason code for line 1').selectOption({ label: 'The clinical criteria for this service were not met' });
    await page.getByLabel('Reason for the decision on line 1').fill('No sleep study showing central apneas (criterion 1).');
    await page.getByRole('button', { name: 'Deny line 1' }).click();
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await page.locator('main').textContent()).toContain('Decision sent.');

    await signOut(page);
    await signIn(page, 'demo.provider');
    await page.goto(`/prior-auth/requests/${reference}`);
    const line = (await page.locator('#lines tbody tr').first().textContent()) ?? '';
    expect(line).toContain('Denied');
    expect(line).toContain('No sleep study showing central apneas (criterion 1).');
    expect(line).not.toContain('Phil Physician');
  });
});
