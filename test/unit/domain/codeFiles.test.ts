import { cutShortProblem, parseCptCsv, parseHcpcsCsv, parseIcd10cmCodes, parsePlaceOfServiceCsv, type CodeRecord } from '../../../src/domain/codeFiles';

/** One line of the CDC/NCHS codes file: the code padded to 7 columns, a space, then the description. */
function icdLine(code: string, description: string): string {
  return `${code.padEnd(7)} ${description}`;
}

const ICD_FIXTURE =
  [
    icdLine('A09', 'Infectious gastroenteritis and colitis, unspecified'),
    icdLine('F1120', 'Opioid dependence, uncomplicated'),
    icdLine('F1121', 'Opioid dependence, in remission'),
    icdLine('E11A', 'Type 2 diabetes mellitus without complications in remission'),
    icdLine('S72001A', 'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture'),
  ].join('\r\n') + '\r\n';

function billable(code: string, compact: string, description: string): CodeRecord {
  return { system: 'ICD10CM', code, compact, description, billable: true };
}

function category(code: string, compact: string): CodeRecord {
  return { system: 'ICD10CM', code, compact, description: null, billable: false };
}

describe('parseIcd10cmCodes', () => {
  const records = parseIcd10cmCodes(ICD_FIXTURE);
  const byCode = (code: string) => records.find((r) => r.code === code);

  test('lists every code in the file as billable, with its dot and description', () => {
    expect(records.filter((r) => r.billable)).toEqual([
      billable('A09', 'A09', 'Infectious gastroenteritis and colitis, unspecified'),
      billable('F11.20', 'F1120', 'Opioid dependence, uncomplicated'),
      billable('F11.21', 'F1121', 'Opioid dependence, in remission'),
      billable('E11.A', 'E11A', 'Type 2 diabetes mellitus without complications in remission'),
      billable('S72.001A', 'S72001A', 'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture'),
    ]);
  });

  test('derives each proper prefix of three characters or more as a non-billable category, once', () => {
    expect(records.filter((r) => !r.billable).sort((a, b) => a.compact.localeCompare(b.compact))).toEqual([
      category('E11', 'E11'),
      category('F11', 'F11'),
      category('F11.2', 'F112'),
      category('S72', 'S72'),
      category('S72.0', 'S720'),
      category('S72.00', 'S7200'),
      category('S72.001', 'S72001'),
    ]);
  });

  test('F11.2 is a category because F1120 is listed', () => {
    expect(byCode('F11.2')).toEqual(category('F11.2', 'F112'));
  });

  test('a three-character billable code has no category above it', () => {
    expect(byCode('A0')).toBeUndefined();
    expect(records.filter((r) => r.compact.startsWith('A'))).toEqual([
      billable('A09', 'A09', 'Infectious gastroenteritis and colitis, unspecified'),
    ]);
  });

  test('a listed code is never also made a category of a longer code', () => {
    const text = [icdLine('R051', 'Acute cough'), icdLine('R05', 'Cough')].join('\r\n');
    expect(parseIcd10cmCodes(text)).toEqual([billable('R05.1', 'R051', 'Acute cough'), billable('R05', 'R05', 'Cough')]);
  });

  test('reads LF line endings and skips blank lines', () => {
    const text = `\n${icdLine('F1120', 'Opioid dependence, uncomplicated')}\n\n`;
    expect(parseIcd10cmCodes(text).filter((r) => r.billable)).toEqual([billable('F11.20', 'F1120', 'Opioid dependence, uncomplicated')]);
  });

  test.each([
    [icdLine('F11.20', 'Opioid dependence, uncomplicated'), 'a dotted code'],
    [icdLine('1120', 'Opioid dependence, uncomplicated'), 'a code that starts with a digit'],
    [icdLine('F11', ''), 'no description'],
    ['F1120\tOpioid dependence, uncomplicated', 'a tab instead of fixed columns'],
  ])('throws naming the line number for %j (%s)', (badLine) => {
    const text = [icdLine('A09', 'Infectious gastroenteritis and colitis, unspecified'), '', badLine].join('\r\n');
    expect(() => parseIcd10cmCodes(text)).toThrow(/^Line 3 is not an ICD-10-CM code line/);
  });

  test.each([
    ['F11200 Opioid dependence, uncomplicated', 'a code that is not space-padded to seven columns'],
    ['F1120XYZ Opioid dependence, uncomplicated', 'an eight-character code'],
  ])('throws when column 8 is not a space: %j (%s)', (badLine) => {
    // Otherwise the line is read with its code or description cut short ("F11200", "pioid dependence").
    expect(() => parseIcd10cmCodes(`${badLine}\r\n`)).toThrow(/^Line 1 is not an ICD-10-CM code line/);
  });
});

describe('parseHcpcsCsv', () => {
  const csv = [
    'HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION',
    'G0480,"Drug test def 1-7 classes","Drug test(s), definitive, utilizing drug identification methods, 1-7 drug class(es), including metabolite(s) if performed"',
    'GA,"Waiver of liability on file","Waiver of liability statement issued as required by payer policy, individual case"',
    'e0601,"Cont airway pressure device","Continuous positive airway pressure (CPAP) device"',
    'A4604,"Tubing with heating element",',
    '25,"Significant, separately identifiable E/M service",',
  ].join('\r\n');

  test('reads five-character codes, keeping commas inside quoted descriptions, and skips modifiers', () => {
    expect(parseHcpcsCsv(csv)).toEqual([
      {
        system: 'HCPCS',
        code: 'G0480',
        compact: 'G0480',
        description: 'Drug test(s), definitive, utilizing drug identification methods, 1-7 drug class(es), including metabolite(s) if performed',
        billable: true,
      },
      { system: 'HCPCS', code: 'E0601', compact: 'E0601', description: 'Continuous positive airway pressure (CPAP) device', billable: true },
      { system: 'HCPCS', code: 'A4604', compact: 'A4604', description: 'Tubing with heating element', billable: true },
    ]);
  });

  test('reads a file that starts with a byte-order mark', () => {
    const text = '\uFEFFHCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION\nG0480,"Drug test def 1-7 classes",\n';
    expect(parseHcpcsCsv(text)).toEqual([
      { system: 'HCPCS', code: 'G0480', compact: 'G0480', description: 'Drug test def 1-7 classes', billable: true },
    ]);
  });
});

describe('parseCptCsv', () => {
  test('reads code and description, upper-casing the code', () => {
    const csv = ['code,description', '80324,"Drug screen, amphetamines, 1 or 2"', '0001f,Heart failure composite measure', ''].join('\r\n');
    expect(parseCptCsv(csv)).toEqual([
      { system: 'CPT', code: '80324', compact: '80324', description: 'Drug screen, amphetamines, 1 or 2', billable: true },
      { system: 'CPT', code: '0001F', compact: '0001F', description: 'Heart failure composite measure', billable: true },
    ]);
  });
});

describe('parsePlaceOfServiceCsv', () => {
  test('pads codes to two digits, drops the trailing asterisk from names and keeps quoted commas', () => {
    const csv = [
      'code,name,description',
      '2,Telehealth Provided Other than in Patient\'s Home*,"The location where health services are provided through telecommunication technology, other than the patient\'s home."',
      '11,Office,"Location, other than a hospital, where the health professional routinely provides health examinations."',
    ].join('\r\n');
    expect(parsePlaceOfServiceCsv(csv)).toEqual([
      {
        code: '02',
        name: "Telehealth Provided Other than in Patient's Home",
        description: "The location where health services are provided through telecommunication technology, other than the patient's home.",
      },
      { code: '11', name: 'Office', description: 'Location, other than a hospital, where the health professional routinely provides health examinations.' },
    ]);
  });

  test('mends the space the CMS list lost in code 06 ("Indian Health ServiceProvider-based Facility")', () => {
    const csv = 'code,name,description\r\n06,Indian Health ServiceProvider-based Facility,"A facility"\r\n';
    expect(parsePlaceOfServiceCsv(csv).map((p) => p.name)).toEqual(['Indian Health Service Provider-based Facility']);
  });
});

describe('cutShortProblem: a file whose last line has no line end was cut short', () => {
  test('a file that ends its last line, with CRLF or LF, is whole', () => {
    expect(cutShortProblem(`${icdLine('A09', 'Infectious gastroenteritis')}\r\n`)).toBeUndefined();
    expect(cutShortProblem('code,description\n72148,Test label\n')).toBeUndefined();
    expect(cutShortProblem('')).toBeUndefined();
  });

  test('a last line without a line end is refused with its number', () => {
    expect(cutShortProblem(`${icdLine('A09', 'Infectious gastroenteritis')}\r\n${icdLine('F1120', 'Opioid depend')}`)).toBe(
      'Line 2, the last, has no line end: the file looks cut short (a download or copy that stopped part way). Fetch it again; if it is whole, end its last line with a line end',
    );
  });
});
