import { compactCode, dottedDiagnosisCode, looksLikeDiagnosisCode, looksLikeProcedureCode } from '../../../src/domain/codeFormats';

describe('compactCode', () => {
  test.each([
    ['f11.20', 'F1120'],
    ['  F11.20 ', 'F1120'],
    ['F11 20', 'F1120'],
    ['e11.a', 'E11A'],
    ['g0480', 'G0480'],
    ['80324', '80324'],
  ])('turns %j into %s', (input, expected) => {
    expect(compactCode(input)).toBe(expected);
  });
});

describe('looksLikeDiagnosisCode', () => {
  test.each([
    ['F11', 'a three-character category'],
    ['F11.2', 'a four-character code with its dot'],
    ['F11.20', 'a dotted billable code'],
    ['F1120', 'a billable code without the dot'],
    ['f11.20', 'lower case'],
    [' F11.20 ', 'surrounding spaces'],
    ['S72.001A', 'seven characters with a 7th-character extension'],
    ['QA00101', 'FY2026 code whose second character is a letter'],
    ['QA0.0101', 'FY2026 code, dotted'],
    ['E11A', 'FY2026 code ending in a letter'],
    ['E11.A', 'FY2026 code ending in a letter, dotted'],
  ])('accepts %j (%s)', (input) => {
    expect(looksLikeDiagnosisCode(input)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    ['F1', 'two characters'],
    ['111.20', 'a digit first'],
    ['F11.20001', 'eight characters'],
    ['F1.120', 'the dot after the second character'],
    ['F11.', 'a dot with nothing after it'],
    ['F11-20', 'a hyphen'],
  ])('rejects %j (%s)', (input) => {
    expect(looksLikeDiagnosisCode(input)).toBe(false);
  });
});

describe('looksLikeProcedureCode', () => {
  test.each([
    ['80324', 'CPT Category I'],
    ['0001F', 'CPT Category II'],
    ['0042T', 'CPT Category III'],
    ['0001U', 'CPT proprietary laboratory analysis'],
    ['G0480', 'HCPCS Level II'],
    ['E0601', 'HCPCS Level II equipment'],
    ['g0480', 'lower case'],
    [' 80324 ', 'surrounding spaces'],
  ])('accepts %j (%s)', (input) => {
    expect(looksLikeProcedureCode(input)).toBe(true);
  });

  test.each([
    ['', 'empty'],
    ['8032', 'four digits'],
    ['803240', 'six digits'],
    ['0001X', 'a letter CPT does not use'],
    ['W0480', 'a letter HCPCS does not use'],
    ['GA', 'a two-character modifier'],
    ['Z00.00', 'a diagnosis code'],
  ])('rejects %j (%s)', (input) => {
    expect(looksLikeProcedureCode(input)).toBe(false);
  });
});

describe('dottedDiagnosisCode', () => {
  test.each([
    ['F1120', 'F11.20'],
    ['F112', 'F11.2'],
    ['S72001A', 'S72.001A'],
    ['QA00101', 'QA0.0101'],
    ['E11A', 'E11.A'],
    ['F11', 'F11'],
  ])('writes %s as %s', (compact, expected) => {
    expect(dottedDiagnosisCode(compact)).toBe(expected);
  });
});
