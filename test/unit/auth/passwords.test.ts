import { hashPassword, verifyPassword } from '../../../src/auth/passwords';

// scrypt with N=2^17 takes a noticeable fraction of a second per call, so these tests share two hashes.
describe('passwords', () => {
  const password = 'correct horse battery staple';
  let first: string;
  let second: string;

  beforeAll(async () => {
    [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
  });

  test('stores the scheme, the OWASP parameters, a 16-byte salt and a 32-byte key', () => {
    const [scheme, n, r, p, salt, key, ...rest] = first.split('$');
    expect([scheme, n, r, p, rest]).toEqual(['scrypt', '131072', '8', '1', []]);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(32);
  });

  test('verifies the password it was made from', async () => {
    await expect(verifyPassword(password, first)).resolves.toBe(true);
  });

  test('rejects a wrong password', async () => {
    await expect(verifyPassword('correct horse battery stapler', first)).resolves.toBe(false);
  });

  test('salts each hash, so the same password hashes differently twice', () => {
    expect(second).not.toBe(first);
  });

  test.each(['', 'plain-text-password', 'bcrypt$10$abc$def', 'scrypt$131072$8$1$$'])('rejects a stored value that is not an scrypt hash: %j', async (stored) => {
    await expect(verifyPassword(password, stored)).resolves.toBe(false);
  });
});
