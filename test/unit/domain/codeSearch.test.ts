import { codeSearchTerms, ftsMatchExpression, matchesAtMost, readsAnyStart, tsQueryExpression } from '../../../src/domain/codeSearch';
import { mergeSynonyms, parseSynonymFile } from '../../../src/domain/codeSynonyms';
import { buildVocabulary } from '../../../src/domain/spelling';

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

const fts = (typed: string, prefix = true) => ftsMatchExpression(codeSearchTerms(typed).slots, prefix);
const ts = (typed: string, prefix = true) => tsQueryExpression(codeSearchTerms(typed).slots, prefix);

describe('ftsMatchExpression', () => {
  test('each word becomes a quoted term, lower case, whole or as a prefix', () => {
    expect(fts('Opioid Dependence')).toBe('(("opioid"*)) AND (("dependence"*))');
    expect(fts('Opioid Dependence', false)).toBe('(("opioid")) AND (("dependence"))');
  });

  test('words that mean nothing in a description are dropped, unless nothing else is left', () => {
    expect(fts('fracture of the femur')).toBe('(("fracture"*)) AND (("femur"*))');
    expect(fts('of the')).toBe('(("of")) AND (("the"*))');
  });

  test.each([
    ['" OR *', '(("or"))'],
    ['NEAR(', '(("near"*))'],
    ['pain) OR (back', '(("pain"*)) AND (("back"*))'],
    ['col:umn ^start', '(("col"*)) AND (("umn"*)) AND (("start"*))'],
    ['""', undefined],
    ['*', undefined],
    ['   ', undefined],
  ])('FTS5 syntax typed as %j is only ever words: %j', (typed, expected) => {
    expect(fts(typed)).toBe(expected);
  });

  test('only words as typed of three letters or more are read as starts: not a synonym\'s wording, a word put right, a number or a start of one or two letters', () => {
    const synonyms = mergeSynonyms(parseSynonymFile({ owner: 'openpa', version: 't', synonyms: [{ term: 'b12 shot', means: 'vitamin b 12 cyanocobalamin' }] }).synonyms, []);
    const vocabulary = buildVocabulary(['Zoster without complications']);
    const starts = (typed: string) => ftsMatchExpression(codeSearchTerms(typed, { synonyms, vocabulary }).slots, true);
    expect(starts('b12 shot')).toBe('(("b12"* AND "shot"*) OR ("vitamin" AND "b" AND "12" AND "cyanocobalamin"))');
    expect(starts('zostr')).toBe('(("zostr"*) OR ("zoster"))');
    expect(starts('pt ra 12')).toBe('(("pt")) AND (("ra")) AND (("12"))');
    expect(readsAnyStart(codeSearchTerms('pt ra 12').slots)).toBe(false);
    expect(readsAnyStart(codeSearchTerms('pt hyp').slots)).toBe(true);
  });

  test('accents are taken off; digits kept; repeated words once; at most eight words', () => {
    expect(fts('Ménière type 2 type')).toBe('(("meniere"*)) AND (("type"*)) AND (("2"))');
    expect(codeSearchTerms('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10').slots).toHaveLength(8);
  });
});

describe('tsQueryExpression', () => {
  test('the same words as the FTS5 query, all required', () => {
    expect(ts('Opioid Dependence')).toBe('((opioid:*)) & ((dependence:*))');
    expect(ts('Opioid Dependence', false)).toBe('((opioid)) & ((dependence))');
  });

  test.each([
    ["opioid' | !x", '((opioid:*)) & ((x))'],
    ['pain <-> back:*B', '((pain:*)) & ((back:*)) & ((b))'],
    ['""', undefined],
    ['&|!', undefined],
  ])('tsquery syntax typed as %j is only ever words: %j', (typed, expected) => {
    expect(ts(typed)).toBe(expected);
  });
});

describe('with synonyms and a word list', () => {
  const ours = parseSynonymFile({
    owner: 'openpa',
    version: 't',
    synonyms: [
      { term: 'shingles', means: 'zoster' },
      { term: 'kidney stones', means: 'calculus of kidney' },
      { term: 'bipap', means: 'bi-level pressure capability', codes: ['E0471'] },
      { term: 'ra', means: 'rheumatoid arthritis' },
    ],
  }).synonyms;
  const synonyms = mergeSynonyms(ours, []);
  const vocabulary = buildVocabulary(['Zoster without complications', 'Rheumatoid arthritis, unspecified', 'Calculus of kidney', 'Hemorrhoids']);

  test('a term becomes one slot: the words as typed, or what the term means', () => {
    const terms = codeSearchTerms('kidney stone', { synonyms });
    expect(terms.slots).toEqual([
      { typed: ['kidney', 'stone'], alternatives: [{ words: ['kidney', 'stone'] }, { words: ['calculus', 'kidney'], via: 'kidney stone -> calculus of kidney' }] },
    ]);
    expect(ftsMatchExpression(terms.slots, false)).toBe('(("kidney" AND "stone") OR ("calculus" AND "kidney"))');
  });

  test('a term that names codes brings them, saying so', () => {
    expect(codeSearchTerms('BiPAP', { synonyms }).synonymCodes).toEqual([{ compact: 'E0471', slot: 0, via: 'bipap -> bi-level pressure capability' }]);
  });

  test('one slip in a word of five letters or more is put right from the word list; a known word or its start is left alone', () => {
    expect(codeSearchTerms('arthritus', { vocabulary }).slots[0]?.alternatives).toEqual([{ words: ['arthritus'], corrected: true }, { words: ['arthritis'], via: 'arthritus -> arthritis', corrected: true }]);
    expect(codeSearchTerms('hemorroids', { vocabulary }).slots[0]?.alternatives[1]?.words).toEqual(['hemorrhoids']);
    expect(codeSearchTerms('arthr', { vocabulary }).slots[0]?.alternatives).toHaveLength(1);
    expect(codeSearchTerms('zostr', { vocabulary }).slots[0]?.alternatives).toHaveLength(2);
    expect(codeSearchTerms('zoter', { vocabulary }).slots[0]?.alternatives[1]?.words).toEqual(['zoster']);
    expect(codeSearchTerms('kidny', { vocabulary }).slots[0]?.alternatives[1]?.words).toEqual(['kidney']);
    expect(codeSearchTerms('hemo', { vocabulary }).slots[0]?.alternatives).toHaveLength(1);
  });
});

describe('matchesAtMost', () => {
  const vocabulary = buildVocabulary(['Injury of head', 'Injury of neck', 'Injury of knee', 'Pain in knee', 'Painful knee', 'Head injury, unspecified']);
  const bound = (typed: string, prefix = false) => matchesAtMost(codeSearchTerms(typed, { vocabulary }).slots, vocabulary, prefix);

  test("each slot bounds the matches by its rarest word's count; starts count every word they begin", () => {
    expect(bound('injury')).toBe(4);
    expect(bound('injury head')).toBe(2);
    expect(bound('pain')).toBe(1);
    expect(bound('pain', true)).toBe(2);
    expect(bound('elbow')).toBe(0);
  });

  test('nothing to go by without a word list or words', () => {
    expect(matchesAtMost(codeSearchTerms('injury').slots, undefined, false)).toBeUndefined();
    expect(matchesAtMost([], vocabulary, false)).toBeUndefined();
  });
});
