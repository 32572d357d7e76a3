import { decoyHash, PRODUCTION_SCRYPT_COST, scryptHasher, verifyPassword } from '../../../src/auth/passwords';
import { TEST_SCRYPT_COST, testPasswordHasher } from '../../helpers/passwords';

describe('passwords', () => {
  const password = 'correct horse battery staple';
  let first: string;
  let second: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([testPasswordHasher.hash(password), testPasswordHasher.hash(password)]);
  });

  test('the portal hashes with the OWASP parameters for scrypt, N=2^17, r=8, p=1, and verifies what it hashed', async () => {
    expect(PRODUCTION_SCRYPT_COST).toEqual({ N: 131072, r: 8, p: 1 });
    // The one production-cost hash of the suite (about 0.25 s of CPU and 128 MiB).
    const stored = await scryptHasher().hash(password);
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    await expect(verifyPassword(password, stored)).resolves.toBe(true);
  });

  test('stores the scheme, the cost it was made with, a 16-byte salt and a 32-byte key', () => {
    const [scheme, n, r, p, salt, key, ...rest] = first.split('$');
    expect([scheme, n, r, p, rest]).toEqual(['scrypt', String(TEST_SCRYPT_COST.N), '8', '1', []]);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
  });

  test('verifies the password it was made from', async () => {
    await expect(testPasswordHasher.verify(password, first)).resolves.toBe(true);
  });

  test('rejects a wrong password', async () => {
    await expect(testPasswordHasher.verify('correct horse battery stapler', first)).resolves.toBe(false);
  });

  test('salts each hash, so the same password hashes differently twice', () => {
    expect(second).not.toBe(first);
  });

  test('the decoy for unknown usernames is made once per hasher, at its cost', async () => {
    const decoy = await decoyHash(testPasswordHasher);
    expect(decoy.split('$')[1]).toBe(String(TEST_SCRYPT_COST.N));
    expect(await decoyHash(testPasswordHasher)).toBe(decoy);
  });

  test.each(['', 'plain-text-password', 'bcrypt$10$abc$def', 'scrypt$131072$8$1$$'])('rejects a stored value that is not an scrypt hash: %j', async (stored) => {
    await expect(verifyPassword(password, stored)).resolves.toBe(false);
  });
});
