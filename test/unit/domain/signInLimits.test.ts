import { historySince, signInRefusal, type Attempt } from '../../../src/domain/signInLimits';

const now = new Date('2026-03-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const failed = (m: number): Attempt => ({ succeeded: false, at: minutesAgo(m) });

describe('signInRefusal: whether an attempt may have its password checked', () => {
  test('4 failures (an attempt still being checked counts as one) leave the 5th its check', () => {
    expect(signInRefusal({ forUsername: [failed(3), failed(2), failed(1), failed(0)], fromAddress: 4 }, now)).toBeUndefined();
  });

  test('5 failures within 15 minutes lock the username for 15 minutes from the last', () => {
    const attempts = [failed(10), failed(8), failed(6), failed(4), failed(2)];
    expect(signInRefusal({ forUsername: attempts, fromAddress: 5 }, now)).toEqual({ reason: 'locked', until: minutesAgo(-13) });
  });

  test('a success in between starts the count again', () => {
    const attempts = [failed(5), failed(4), { succeeded: true, at: minutesAgo(3) }, failed(2), failed(1)];
    expect(signInRefusal({ forUsername: attempts, fromAddress: 5 }, now)).toBeUndefined();
  });

  test('the address limit is checked first, whatever the username', () => {
    expect(signInRefusal({ forUsername: [], fromAddress: 100 }, now)).toEqual({ reason: 'address-limited' });
    expect(signInRefusal({ forUsername: [], fromAddress: 2 }, now, 3)).toBeUndefined();
    expect(signInRefusal({ forUsername: [], fromAddress: 3 }, now, 3)).toEqual({ reason: 'address-limited' });
  });

  test('the history read goes back 30 minutes for a username (a lock can start 15 minutes after its first failure) and 15 for an address', () => {
    expect(historySince(now)).toEqual({ usernameSince: minutesAgo(30), addressSince: minutesAgo(15) });
  });
});
