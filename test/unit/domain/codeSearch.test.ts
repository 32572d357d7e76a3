import { codeSearchTerms, ftsMatchExpression, tsQueryExpression } from '../../../src/domain/codeSearch';

describe('codeSearchTerms', () => {
  test.each([
    ['F11.20', 'F1120'],
    ['f1120', 'F1120'],
    [' f11. 2 ', 'F112'],
    ['72148', '72148'],
    ['g04', 'G04'],
    ['QA00101', 'QA00101'],
  ])('"%s" may be the start of a code: %s', (typed, prefix) => {
    expect(codeSearchTerms(typed).codePrefix).toBe(prefix);
  });

  test.each(['opioid dependence', 'F11.20X12', 'back-pain', '"F11'])('"%s" is not the start of a code', (typed) => {
    expect(codeSearchTerms(typed).codePrefix).toBeUndefined();
  });
});

describe('ftsMatchExpression', () => {
  test('each word becomes a quoted prefix term, lower case', () => {
    expect(ftsMatchExpression('Opioid Dependence')).toBe('"opioid"* "dependence"*');
  });

  test('words that mean nothing in a description are dropped, unless nothing else is left', () => {
    expect(ftsMatchExpression('fracture of the femur')).toBe('"fracture"* "femur"*');
    expect(ftsMatchExpression('of the')).toBe('"of"* "the"*');
  });

  test.each([
    ['" OR *', '"or"*'],
    ['NEAR(', '"near"*'],
    ['pain) OR (back', '"pain"* "back"*'],
    ['col:umn ^start -not +plus', '"col"* "umn"* "start"* "not"* "plus"*'],
    ['""', undefined],
    ['*', undefined],
    ['   ', undefined],
  ])('FTS5 syntax typed as %j is only ever words: %j', (typed, expected) => {
    expect(ftsMatchExpression(typed)).toBe(expected);
  });

  test('accented letters and digits are kept; repeated words once; at most eight words', () => {
    expect(ftsMatchExpression('Ménière type 2 type')).toBe('"ménière"* "type"* "2"*');
    expect(ftsMatchExpression('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10')).toBe('"a1"* "b2"* "c3"* "d4"* "e5"* "f6"* "g7"* "h8"*');
  });
});

describe('tsQueryExpression', () => {
  test('the same words as the FTS5 query, each a prefix, all required', () => {
    expect(tsQueryExpression('Opioid Dependence')).toBe('opioid:* & dependence:*');
    expect(tsQueryExpression('fracture of the femur')).toBe('fracture:* & femur:*');
    expect(tsQueryExpression('of the')).toBe('of:* & the:*');
  });

  test.each([
    ["opioid' | !x", 'opioid:* & x:*'],
    ['pain <-> back:*B', 'pain:* & back:* & b:*'],
    ['(x & y)', 'x:* & y:*'],
    ['""', undefined],
    ['&|!', undefined],
  ])('tsquery syntax typed as %j is only ever words: %j', (typed, expected) => {
    expect(tsQueryExpression(typed)).toBe(expected);
  });

  test('accents are taken off, as FTS5 does', () => {
    expect(tsQueryExpression('Ménière')).toBe('meniere:*');
  });
});
