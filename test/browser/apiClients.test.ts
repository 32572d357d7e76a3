import crypto from 'node:crypto';
import { providerTest, signIn, useHarness } from './helpers/provider';

const h = useHarness();

/** Issue 15's page in the portal, with JavaScript off and audited: an office administrator registers an API client by its public key set, then deactivates it. */
providerTest('an office administrator registers an API client with its public keys, is told what is wrong first, and deactivates it', h, async ({ page }) => {
  await signIn(page, 'demo.admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API clients' }).click();
  await page.getByRole('button', { name: 'Register client' }).click();
  expect(await page.title()).toMatch(/^Error: /);
  expect(await page.locator('.error-summary a').count()).toBeGreaterThan(0);

  const { publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'ehr-1', alg: 'ES384', use: 'sig' };
  await page.getByLabel('Name').fill('Clinic EHR');
  await page.getByLabel('Public key set (JWKS)').fill(JSON.stringify({ keys: [jwk] }));
  await page.getByRole('button', { name: 'Register client' }).click();
  const row = page.locator('tr', { hasText: 'Clinic EHR' });
  expect(await row.locator('td[data-label="Status"]').textContent()).toBe('Active');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  expect(await page.locator('tr', { hasText: 'Clinic EHR' }).locator('td[data-label="Status"]').textContent()).toBe('Deactivated');
});
