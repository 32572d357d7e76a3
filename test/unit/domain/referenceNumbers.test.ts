import { formatAuthorizationNumber, newReferenceNumber, readSubmissionNumber } from '../../../src/domain/referenceNumbers';

describe('newReferenceNumber', () => {
  test.each([
    [0, '000000000'],
    [42, '000000042'],
    [123456789, '123456789'],
    [999999999, '999999999'],
  ])('draws %d and pads it to nine digits: %s', (drawn, expected) => {
    expect(newReferenceNumber(() => drawn)).toBe(expected);
  });

  test('draws from the nine-digit range', () => {
    const random = jest.fn(() => 7);
    newReferenceNumber(random);
    expect(random.mock.calls).toEqual([[1_000_000_000]]);
  });

  test('is nine digits by default', () => {
    expect(newReferenceNumber()).toMatch(/^\d{9}$/);
  });
});

describe('formatAuthorizationNumber', () => {
  test.each([
    [1952, 'EPS-00001952'],
    [1, 'EPS-00000001'],
    [12345678, 'EPS-12345678'],
  ])('formats %d as %s', (sequence, expected) => {
    expect(formatAuthorizationNumber(sequence)).toBe(expected);
  });
});

describe('readSubmissionNumber', () => {
  test.each([
    ['006567083', { kind: 'reference', reference: '006567083' }],
    [' 006567083 ', { kind: 'reference', reference: '006567083' }],
    ['EPS-00001951', { kind: 'authorization', authorizationNumber: 'EPS-00001951' }],
    ['eps00001951', { kind: 'authorization', authorizationNumber: 'EPS-00001951' }],
    ['EPS 1951', { kind: 'authorization', authorizationNumber: 'EPS-00001951' }],
  ])('reads %j', (typed, expected) => {
    expect(readSubmissionNumber(typed)).toEqual(expected);
  });

  test.each(['', '12ab', '12345678', 'EPS-', 'EPS-123456789', 'XYZ-00001951'])('refuses %j', (typed) => {
    expect(readSubmissionNumber(typed)).toBeUndefined();
  });
});
