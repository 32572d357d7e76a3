import { answerAll, buildRequest, providerTest, signIn, useHarness } from './helpers/provider';

const h = useHarness();

/**
 * Issue 14's "Update or extend", done-when scenario with JavaScript off: a 97110 line for 25 units
 * (pended: beyond the demo's 20-unit limit) is updated to 30 units and extended by three months; the
 * review shows both changes; the update pends; the request page shows two versions; searching the
 * authorization number opens the second. Every page audited (axe, html-validate, 320 px).
 */
describe('update or extend an authorization', () => {
  providerTest('updates a pended 97110 line to 30 units and extends it three months, making version 2', h, async ({ page }) => {
    await signIn(page, 'demo.provider');
    await buildRequest(page, '97110', 'Physical, occupational and speech therapy', {
      provider: { npi: '1678901236', name: 'Priya Patel, DPT' }, startDate: '10/01/2026', endDate: '12/31/2026', treatmentType: 'Physical therapy', diagnosis: 'M54.50', units: '25',
    });
    await page.getByRole('button', { name: 'Submit Request' }).click();
    const first = /Reference #:\s*(\d{9})/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? '';
    expect(first).toMatch(/^\d{9}$/);
    expect(await page.locator('#lines [data-label="Status"]').first().textContent()).toContain('Pended');

    await page.getByRole('link', { name: 'Update or extend' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Update or extend request ${first}`);
    await page.getByRole('button', { name: 'Update or extend' }).click();
    // A problem first: the page says what is wrong, in the field's own words.
    await page.getByLabel('Units for line 1 (the new total)').fill('0');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Units for line 1 (97110) must be a whole number from 1 to 9999']);
    await page.getByLabel('Units for line 1 (the new total)').fill('30');
    await page.getByLabel('End date for line 1').fill('03/31/2027');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    const changes = (await page.locator('#changes').textContent()) ?? '';
    expect(changes).toContain('units 25 -> 30');
    expect(changes).toContain('end date 12/31/2026 -> 03/31/2027');
    await page.getByRole('button', { name: 'Submit update' }).click();

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your update has been submitted');
    const second = /Reference #:\s*(\d{9})/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? '';
    expect(second).toMatch(/^\d{9}$/);
    expect(second).not.toBe(first);
    expect(await page.locator('#lines [data-label="Status"]').first().textContent()).toContain('Pended');
    expect(await page.locator('#versions').textContent()).toContain('Version 2 of 2');
    await page.locator('#versions').getByRole('link', { name: `request ${first}` }).click();
    expect(await page.locator('#versions').textContent()).toContain('Version 1 of 2');
    const authorization = ((await page.locator('.summary-list__row', { hasText: 'Authorization number' }).locator('dd').textContent()) ?? '').trim();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
    await page.getByRole('link', { name: 'Status' }).click();
    await page.getByLabel('Reference or authorization number').fill(authorization);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.locator('#submissions tbody td:first-child').allTextContents()).toEqual([second]);
    await page.getByRole('link', { name: second }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Request ${second}`);
  });

  providerTest("shows why the demo decision's denied line cannot change, finds a code by words to add, then cancels the update", h, async ({ page }) => {
    await page.goto('/');
    // The demo's decided request: the CPAP approved, the wheelchair denied.
    await page.locator('#notices li', { hasText: 'The plan made a decision' }).getByRole('link').click();
    const reference = /Request (\d{9})/.exec((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')?.[1] ?? '';
    await page.getByRole('link', { name: 'Update or extend' }).click();
    await page.getByRole('button', { name: 'Update or extend' }).click();
    expect(await page.locator('#line-2').textContent()).toContain('A denied line cannot be updated: copy it to a new request');
    expect(await page.locator('#line-2').getByRole('link', { name: 'Copy to a new request' }).getAttribute('href')).toBe(`/prior-auth/requests/${reference}/copy`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Procedure code').fill('office visit');
    await page.getByLabel('Units').fill('2');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByRole('button', { name: 'Add 99213' }).click();
    expect(await page.locator('#added-lines').textContent()).toContain('99213, 2 units');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('#changes').textContent()).toContain('new line, 2 units');
    await page.getByRole('link', { name: 'Cancel the update' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the update' }).click();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('status').first().textContent()).toContain('The update was cancelled. Nothing was sent to the plan.');
  });

  providerTest("adds a line whose code asks clinical questions, answers them with Document Clinical, and lists only the new version's own letters", h, async ({ page }) => {
    await page.goto('/');
    // An office visit (no authorization required) filed as equipment, where a CPAP device asks clinical questions.
    await buildRequest(page, '99213', 'Durable medical equipment', { startDate: '04/01/2027', endDate: '04/30/2027', treatmentType: 'Durable medical equipment', diagnosis: 'G47.33' });
    await page.getByRole('button', { name: 'Submit Request' }).click();
    const first = /Reference #:\s*(\d{9})/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? '';
    expect(first).toMatch(/^\d{9}$/);
    await page.getByRole('link', { name: 'Update or extend' }).click();
    await page.getByRole('button', { name: 'Update or extend' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Procedure code').fill('E0601');
    await page.getByLabel('Units').fill('1');
    await page.getByRole('button', { name: 'Add line' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('#clinical').textContent()).toContain('Not answered yet');
    await page.getByRole('link', { name: 'Document Clinical for line 2 (E0601)' }).click();
    await answerAll(page, 'Yes');
    expect(await page.locator('#clinical').textContent()).toContain('Answered');
    await page.getByRole('button', { name: 'Submit update' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your update has been submitted');
    // Line 1's decision at submit was carried over unchanged: its letter is on version 1.
    expect(await page.locator(`#earlier-letters-${first}`).textContent()).toContain('version 1');
  });
});
