import { scryptHasher, type PasswordHasher, type ScryptCost } from '../../src/auth/passwords';

/**
 * scrypt at N=2^10 instead of the production 2^17: 128 times less work and memory per hash, so the suite
 * passes on one slow core. test/unit/auth/passwords.test.ts checks the production parameters.
 */
export const TEST_SCRYPT_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };
export const testPasswordHasher = scryptHasher(TEST_SCRYPT_COST);

/** The test hasher, counting the passwords it checks (a sign-in, a change of password). */
export function countingHasher(hasher: PasswordHasher = testPasswordHasher): PasswordHasher & { checks: number } {
  const counting = {
    checks: 0,
    hash: (password: string) => hasher.hash(password),
    verify(password: string, stored: string) {
      counting.checks++;
      return hasher.verify(password, stored);
    },
  };
  return counting;
}

/**
 * The test hasher whose password checks can be held: after hold(), each check waits until release(), so a
 * test sees how many checks are under way at one moment without any timing. until(condition) resolves once
 * the condition holds; it is looked at whenever a check begins and whenever the test calls recheck().
 */
export interface HeldHasher extends PasswordHasher {
  checks: number;
  hold(): void;
  release(): void;
  until(condition: () => boolean): Promise<void>;
  recheck(): void;
}

export function heldHasher(): HeldHasher {
  let gate: Promise<void> | undefined;
  let open = () => {};
  let waiting: { condition: () => boolean; resolve: () => void }[] = [];
  const held: HeldHasher = {
    checks: 0,
    hash: (password) => testPasswordHasher.hash(password),
    async verify(password, stored) {
      held.checks++;
      held.recheck();
      if (gate) await gate;
      return testPasswordHasher.verify(password, stored);
    },
    hold() {
      gate ??= new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      gate = undefined;
      open();
    },
    until(condition) {
      return new Promise<void>((resolve) => {
        waiting.push({ condition, resolve });
        held.recheck();
      });
    },
    recheck() {
      const met = waiting.filter((w) => w.condition());
      waiting = waiting.filter((w) => !met.includes(w));
      for (const w of met) w.resolve();
    },
  };
  return held;
}
