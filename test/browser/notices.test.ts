import { providerTest, signIn, signOut, useHarness } from './helpers/provider';

const h = useHarness();

/** Notifications (issue 12) with JavaScript off: the office's notices on its home page, and the outbox; every page audited. */
describe('notices and the outbox', () => {
  providerTest("the office opens the demo decision's notice from its home page; it is then marked read", h, async ({ page }) => {
    await signIn(page, 'demo.provider');
    // The demo has two notices for Northside: the decision, and the nurse's request for information.
    const notice = page.locator('#notices li', { hasText: 'The plan made a decision' });
    expect(await notice.textContent()).toContain('Unread');
    const link = notice.getByRole('link');
    const reference = /Request (\d{9})/.exec((await link.textContent()) ?? '')?.[1] ?? '';
    await link.click();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(reference);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    const read = (await page.locator('#notices li', { hasText: reference }).textContent()) ?? '';
    expect(read).not.toContain('Unread');
    expect(read).toContain(', read');
  });

  providerTest('the plan administrator reads the outbox and a message in it', h, async ({ page }) => {
    await signOut(page);
    await signIn(page, 'demo.planadmin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Outbox');
    const first = page.locator('#outbox tbody tr').first();
    expect(await first.locator('td[data-label="To"]').textContent()).toBe('frontdesk@northside.example');
    await first.getByRole('link').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Request \d{9} has news$/);
    expect(await page.locator('#message-text').textContent()).toContain('This message carries no health information.');
  });

  providerTest("an office's administrator reads its own outbox", h, async ({ page }) => {
    await signOut(page);
    await signIn(page, 'demo.admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    // The e-mails of the demo's two notices to Northside, both to the requests' contact.
    expect(await page.locator('#outbox tbody td[data-label="To"]').allTextContents()).toEqual(['frontdesk@northside.example', 'frontdesk@northside.example']);
  });
});
