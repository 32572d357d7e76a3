import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { PasswordChecks } from './passwordChecks';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP password storage guidance for scrypt: N=2^17, r=8, p=1 (about 0.25 s of CPU and 128 MiB per
 * hash). The portal and `npm run users` hash with this; tests pass a low cost through the app's deps.
 */
export const PRODUCTION_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** Hashes new passwords at its cost; verifies a stored hash at the cost written in that hash. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

// maxmem must allow 128 * N * r bytes; twice that leaves room for scrypt's own bookkeeping.
const maxmem = (cost: ScryptCost) => 256 * cost.N * cost.r;

/** scrypt$N$r$p$salt$hash, with a random 16-byte salt per password. */
export function scryptHasher(cost: ScryptCost = PRODUCTION_SCRYPT_COST): PasswordHasher {
  return {
    async hash(password) {
      const salt = crypto.randomBytes(16);
      const key = await scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: maxmem(cost) });
      return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
    },
    verify: verifyPassword,
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(keyText, 'base64');
  const actual = await scrypt(password, Buffer.from(saltText, 'base64'), expected.length, { ...cost, maxmem: maxmem(cost) });
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * A short fingerprint of a stored password hash, kept in the session at sign-in: once the password
 * changes, a session holding the old fingerprint is signed out at its next request, even one written
 * back to the store by a request that was in flight while the password changed.
 */
export function passwordStamp(passwordHash: string): string {
  return crypto.createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

/**
 * A hash to verify against when the username does not exist, so that a wrong username takes as long
 * as a wrong password and the response time does not reveal which usernames exist. One per hasher,
 * made at that hasher's cost.
 */
const decoys = new WeakMap<PasswordHasher, Promise<string>>();
export function decoyHash(hasher: PasswordHasher): Promise<string> {
  let decoy = decoys.get(hasher);
  if (!decoy) {
    decoy = hasher.hash(crypto.randomBytes(16).toString('hex'));
    decoys.set(hasher, decoy);
  }
  return decoy;
}

/** The app's passwords dependency: how they are hashed, and how many may be checked at once. */
export interface Passwords {
  hasher: PasswordHasher;
  checks: PasswordChecks;
}
