import { callWindow, overLimit } from '../../../src/domain/apiCallLimits';

describe('callWindow', () => {
  test('a fixed window: its start is the key of the count, Retry-After the seconds to the next (at least 1)', () => {
    const limit = { calls: 10, windowSeconds: 60 };
    expect(callWindow(new Date('2026-12-01T10:05:00.000Z'), limit)).toEqual({ start: '2026-12-01T10:05:00.000Z', retryAfterSeconds: 60 });
    expect(callWindow(new Date('2026-12-01T10:05:59.400Z'), limit)).toEqual({ start: '2026-12-01T10:05:00.000Z', retryAfterSeconds: 1 });
    expect(callWindow(new Date('2026-12-01T10:05:59.999Z'), limit).retryAfterSeconds).toBe(1);
    expect(callWindow(new Date('2026-12-01T10:05:20.500Z'), limit).retryAfterSeconds).toBe(40);
  });

  test('the call over the limit is the one after the last allowed', () => {
    expect(overLimit(10, { calls: 10, windowSeconds: 60 })).toBe(false);
    expect(overLimit(11, { calls: 10, windowSeconds: 60 })).toBe(true);
  });
});
