import { isValidNpi } from '../../../src/domain/npi';

const VALID_NPIS = ['1234567893', '1558598797', '1987654328', '1456789019', '1678901236', '1345678902', '1876543210', '1122334455'];

/** Every string that differs from the NPI in exactly one digit. */
function singleDigitChanges(npi: string): string[] {
  const changed: string[] = [];
  for (let position = 0; position < npi.length; position++) {
    for (let digit = 0; digit <= 9; digit++) {
      const variant = npi.slice(0, position) + String(digit) + npi.slice(position + 1);
      if (variant !== npi) changed.push(variant);
    }
  }
  return changed;
}

describe('isValidNpi', () => {
  test.each(VALID_NPIS)('accepts %s', (npi) => {
    expect(isValidNpi(npi)).toBe(true);
  });

  test.each(VALID_NPIS)('rejects every single-digit change to %s', (npi) => {
    const variants = singleDigitChanges(npi);
    expect(variants).toHaveLength(90);
    expect(variants.filter(isValidNpi)).toEqual([]);
  });

  test.each([
    ['', 'empty'],
    ['123456789', 'nine digits'],
    ['12345678930', 'eleven digits'],
    ['123456789X', 'a letter'],
    ['123-456-7893', 'punctuation'],
    [' 1234567893', 'a leading space'],
    ['1234567893 ', 'a trailing space'],
  ])('rejects %j (%s)', (npi) => {
    expect(isValidNpi(npi)).toBe(false);
  });
});
