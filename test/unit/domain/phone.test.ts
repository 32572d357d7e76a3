import { normalizeUsPhone } from '../../../src/domain/phone';

describe('normalizeUsPhone', () => {
  test.each([
    '212-555-0100',
    '(212) 555 0100',
    '(212) 555-0100',
    '212.555.0100',
    '2125550100',
    '+1 212 555 0100',
    '1-212-555-0100',
    '12125550100',
  ])('shows %j as (212) 555-0100', (typed) => {
    expect(normalizeUsPhone(typed)).toBe('(212) 555-0100');
  });

  test.each([
    ['', 'empty'],
    ['212-555-010', 'nine digits'],
    ['212-555-01000', 'eleven digits not starting with 1'],
    ['+44 20 7946 0958', 'a UK number'],
    ['112-555-0100', 'an area code starting with 1'],
    ['012-555-0100', 'an area code starting with 0'],
    ['212-155-0100', 'an exchange starting with 1'],
    ['212-055-0100', 'an exchange starting with 0'],
    ['212-555-0100 ext 12', 'an extension'],
    ['212-555-CALL', 'letters'],
  ])('rejects %j (%s)', (typed) => {
    expect(normalizeUsPhone(typed)).toBeNull();
  });
});
