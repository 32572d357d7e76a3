import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePdf, makeTiff } from '../helpers/fixtures';
import { answerAll, buildRequest, providerTest, signIn, useHarness } from './helpers/provider';

const h = useHarness();
let reference = '';
let fileDir = '';

beforeAll(() => {
  fileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-files-'));
  fs.writeFileSync(path.join(fileDir, 'office-note.pdf'), makePdf('Office note'));
  fs.writeFileSync(path.join(fileDir, 'x-ray.tif'), makeTiff());
});
afterAll(() => fs.rmSync(fileDir, { recursive: true, force: true }));

describe('after submitting, with JavaScript off', () => {
  providerTest('attaches a PDF and a TIFF to the submitted request', h, async ({ page }) => {
    await signIn(page);
    await buildRequest(page);
    await page.getByRole('link', { name: 'Document Clinical for 80324' }).click();
    await answerAll(page, 'No');
    await page.getByRole('button', { name: 'Submit Request' }).click();
    reference = /Reference #:\s*(\d{9})/.exec((await page.locator('main').textContent()) ?? '')?.[1] ?? '';
    expect(reference).toMatch(/^\d{9}$/);
    await page.getByLabel('Upload attachments').setInputFiles([path.join(fileDir, 'office-note.pdf'), path.join(fileDir, 'x-ray.tif')]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('2 files uploaded.');
    const files = await page.locator('#files-uploaded tbody tr td:first-child').allTextContents();
    expect(files).toEqual(['office-note.pdf', 'x-ray.tif']);
  });

  providerTest('finds the request on the Status tab by reference number and by member, and opens it', h, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
    await page.getByRole('link', { name: 'Status' }).click();
    await page.getByLabel('Reference or authorization number').fill(reference);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await page.locator('#submissions tbody tr').count()).toBe(1);
    await page.getByLabel('Member ID').fill('5634024');
    await page.getByRole('button', { name: 'Find requests' }).click();
    expect(await page.locator('#submissions tbody td:first-child').allTextContents()).toContain(reference);
    await page.getByRole('link', { name: reference }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Request ${reference}`);
    expect(await page.locator('#history').textContent()).toContain('Pended');
    // Printing uses the print stylesheet: no navigation, no buttons.
    // What the page looks like is the stylesheet's doing: let it arrive (a click waits for the page, not its styles).
    await page.waitForLoadState('load');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Upload', exact: true }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  providerTest('files a newborn delivery notification for twins, sent by pressing Enter, which shows on the Status tab', h, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
    await page.getByRole('link', { name: 'Newborn Delivery Notification' }).click();
    await page.getByLabel("Mother's member ID").fill('5634026');
    await page.getByLabel('Delivery date').fill('03/02/2026');
    await page.getByLabel('Delivery time').fill('14:30');
    await page.getByRole('radio', { name: 'Cesarean' }).check();
    await page.getByLabel('Provider search').fill('1546789011');
    await page.getByRole('button', { name: 'Find provider' }).click();
    await page.getByRole('radio', { name: 'Springfield General Hospital (NPI 1546789011)' }).check();
    await page.getByRole('button', { name: 'Add another baby' }).click();
    for (const [i, sex] of [[1, 'Female'], [2, 'Male']] as const) {
      const baby = page.getByRole('group', { name: `Baby ${i}`, exact: true });
      await baby.getByLabel('First name').fill(sex === 'Female' ? 'Baby Girl' : 'Baby Boy');
      await baby.getByLabel('Last name').fill('Parkway');
      await baby.getByRole('group', { name: 'Sex' }).getByRole('radio', { name: sex, exact: true }).check();
      await baby.getByLabel('Date of birth').fill('03/02/2026');
      await baby.getByLabel('Birth weight (grams)').fill(i === 1 ? '2450' : '2380');
      await baby.getByLabel('Gestational age (weeks)').fill('36');
      await baby.getByRole('group', { name: 'NICU admission' }).getByRole('radio', { name: 'No', exact: true }).check();
    }
    await page.getByLabel('Contact name').fill('Pat Office');
    await page.getByLabel('Contact phone').fill('312-555-0142');
    // Enter in a text field presses the form's main action, Submit notification, not Find provider.
    await page.getByLabel('Contact phone').press('Enter');
    await page.waitForURL('**/prior-auth/newborn/notifications/*');
    const text = (await page.locator('main').textContent()) ?? '';
    const notification = /Reference #:\s*(\d{9})/.exec(text)?.[1] ?? '';
    expect(notification).toMatch(/^\d{9}$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prior Authorization' }).click();
    await page.getByRole('link', { name: 'Status' }).click();
    expect(await page.locator('#submissions tbody td:first-child').allTextContents()).toContain(notification);
  });

  providerTest('a user of another organization reaches none of it', h, async ({ page }) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?signed-out=1');
    await signIn(page, 'demo.provider2');
    const response = await page.goto(`/prior-auth/requests/${reference}`);
    expect(response?.status()).toBe(404);
    await page.goto('/prior-auth/status');
    // Lakeview's own demo request (sent to the plan's review desk) is listed; Northside's is not.
    expect(await page.locator('#results').textContent()).not.toContain(reference);
  });
});
