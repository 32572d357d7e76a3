import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makePdf } from '../helpers/fixtures';
import { openDatabase } from '../../src/db/database';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { providerTest, signIn, signOut, useHarness } from './helpers/provider';

let fileDir = '';
beforeAll(() => {
  fileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-files-'));
  fs.writeFileSync(path.join(fileDir, 'sleep-study.pdf'), makePdf('Sleep study'));
});
afterAll(() => fs.rmSync(fileDir, { recursive: true, force: true }));

const h = useHarness();
/** The request demo.physician denies, whose letters the office then opens. */
let deniedReference = '';

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
    deniedReference = reference;
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

  providerTest("the office opens the denial's decision letter (it prints as the letter alone), downloads its PDF, and opens the member's notice; the physician opens the letter from the review page", h, async ({ page }) => {
    await page.goto(`/prior-auth/requests/${deniedReference}`);
    await page.getByRole('link', { name: /^Decision letter/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Prior authorization decision');
    const letter = (await page.locator('main').textContent()) ?? '';
    for (const words of ['Denied', 'The clinical criteria for this service were not met', 'No sleep study showing central apneas (criterion 1).', 'Reconsideration deadline']) expect(letter).toContain(words);
    expect(letter).not.toContain('Phil Physician');
    // What the page looks like is the stylesheet's doing: let it arrive (a click waits for the page, not its styles).
    await page.waitForLoadState('load');
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.side-nav', '.site-header', '.back-link', '.letter__actions']) expect(await page.locator(hidden).isVisible()).toBe(false);
    expect(await page.locator('.letter').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    const pdfHref = (await page.getByRole('link', { name: /^Download letter \(PDF\)/ }).getAttribute('href')) ?? '';
    const pdf = await page.request.get(pdfHref);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.getByRole('link', { name: `Back to request ${deniedReference}` }).click();
    await page.getByRole('link', { name: /^Member notice/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('We have made a decision about your care');
    expect(await page.locator('main').textContent()).toContain('We did not approve it.');

    await signOut(page);
    await signIn(page, 'demo.physician');
    await page.goto(`/plan/requests/${deniedReference}`);
    await page.getByRole('link', { name: /^Decision letter/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Prior authorization decision');
    await page.waitForLoadState('networkidle');
  });

  providerTest('demo.nurse asks for information by a date; the office sends it with an attachment; the queue shows it received', h, async ({ page }) => {
    // A request the office sent (pended) an hour ago, written into the portal's database as the demo data is.
    const db = openDatabase(path.join(h().portal.dir, 'openpa.sqlite3'));
    const reference = await insertDemoRequest(db, { office: 'demo.provider', memberId: '5634024', categoryId: 'durable-medical-equipment', providerNpi: '1678901236', diagnosis: 'M54.50', lines: [{ code: 'E0601', system: 'HCPCS', units: 2 }], priority: 'standard', hoursAgo: 1 });
    await db.destroy();
    await page.goto('/');
    if ((await page.getByRole('button', { name: 'Sign out' }).count()) > 0) await signOut(page);
    await signIn(page, 'demo.nurse');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    await page.getByRole('button', { name: `Assign to me request ${reference}` }).click();
    await page.getByRole('link', { name: reference, exact: true }).click();
    await page.getByRole('button', { name: 'Decide this request' }).click();
    await page.getByRole('button', { name: 'Request information' }).click();
    const respondBy = await page.getByLabel('Respond by').inputValue();
    expect(respondBy).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await page.getByLabel('Information needed').fill('The sleep study report.');
    await page.getByRole('button', { name: 'Request information' }).click();
    expect(await page.locator('main').textContent()).toContain('Information requested.');

    await signOut(page);
    await signIn(page, 'demo.provider');
    await page.goto(`/prior-auth/requests/${reference}`);
    expect(await page.locator('#information-requested').textContent()).toContain(`Respond by ${respondBy}`);
    await page.getByRole('button', { name: 'Send information' }).click();
    expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Enter the message']);
    await page.getByLabel('Message').fill('The sleep study is attached.');
    await page.getByLabel('Attachments (optional)').setInputFiles(path.join(fileDir, 'sleep-study.pdf'));
    await page.getByRole('button', { name: 'Send information' }).click();
    expect(await page.locator('main').textContent()).toContain('Information sent.');
    expect(await page.locator('#conversation').textContent()).toContain('sleep-study.pdf');

    await signOut(page);
    await signIn(page, 'demo.nurse');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    expect(await page.locator('main table tbody tr', { hasText: reference }).textContent()).toContain('Information received');
    await page.getByRole('link', { name: reference, exact: true }).click();
    expect(await page.locator('#conversation').textContent()).toContain('The sleep study is attached.');
  });
});
