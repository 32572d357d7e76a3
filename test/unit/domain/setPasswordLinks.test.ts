import { LINK_LIFETIME_MS, linkRequestRefusal, linkState } from '../../../src/domain/setPasswordLinks';

test('an invitation lasts 72 hours, a forgotten password\'s link 1 hour', () => {
  expect(LINK_LIFETIME_MS).toEqual({ invite: 72 * 3_600_000, reset: 3_600_000 });
});

test('a link is usable until it expires, and used once whatever its age', () => {
  const expiresAt = new Date('2026-03-02T16:00:00Z');
  expect(linkState({ expiresAt, usedAt: null }, new Date('2026-03-02T15:59:59Z'))).toBe('usable');
  expect(linkState({ expiresAt, usedAt: null }, expiresAt)).toBe('expired');
  expect(linkState({ expiresAt, usedAt: new Date('2026-03-02T15:00:00Z') }, new Date('2026-03-02T15:30:00Z'))).toBe('used');
});

test('requests for a link: 3 per account an hour, 20 per address in 15 minutes, the address first', () => {
  expect(linkRequestRefusal({ forUsername: 2, fromAddress: 19 })).toBeUndefined();
  expect(linkRequestRefusal({ forUsername: 3, fromAddress: 0 })).toBe('username-limited');
  expect(linkRequestRefusal({ forUsername: 3, fromAddress: 20 })).toBe('address-limited');
});
