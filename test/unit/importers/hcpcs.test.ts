import { findCode, PROCEDURE_SYSTEMS } from '../../../src/db/repositories/codes';
import { listCodeSets } from '../../../src/db/repositories/codeSets';
import { hcpcsFormatOf, parseHcpcsFixedWidth } from '../../../src/domain/codeFiles';
import { importHcpcs } from '../../../src/importers/hcpcs';
import { codeRows, openCodeDb, type CodeDb } from '../../helpers/codeDb';

interface AnwebRecord {
  code: string;
  sequence: number;
  recordId: '3' | '4' | '7' | '8';
  long: string;
  short?: string;
  added?: string;
  effective?: string;
  terminated?: string;
  action?: string;
}

/** One 293-character record of the CMS HCPCS fixed-width (ANWEB) file, laid out as its record layout says. */
function anweb(r: AnwebRecord): string {
  const line =
    r.code.padEnd(5) +
    String(r.sequence).padStart(5, '0') +
    r.recordId +
    r.long.padEnd(80) +
    (r.short ?? '').padEnd(28) +
    ' '.repeat(149) + // columns 120-268: pricing, coverage and other indicators, not read
    (r.added ?? '').padEnd(8) +
    (r.effective ?? '').padEnd(8) +
    (r.terminated ?? '').padEnd(8) +
    (r.action ?? 'N');
  if (line.length !== 293) throw new Error(`fixture record is ${line.length} characters`);
  return line;
}

const JAN_2026 = [
  anweb({ code: 'E0601', sequence: 100, recordId: '3', long: 'Continuous positive airway pressure (CPAP) device', short: 'Cont airway pressure device', added: '19950101', effective: '19950101' }),
  anweb({ code: 'G0480', sequence: 100, recordId: '3', long: 'Drug test(s), definitive, utilizing (1) drug identification methods able to', short: 'Drug test def 1-7 classes', added: '20160101', effective: '20160101' }),
  anweb({ code: 'G0480', sequence: 200, recordId: '4', long: 'identify individual drugs and distinguish between structural isomers' }),
  anweb({ code: 'G0480', sequence: 300, recordId: '4', long: '(but not necessarily stereoisomers); 1-7 drug class(es)' }),
  anweb({ code: '25', sequence: 100, recordId: '7', long: 'Significant, separately identifiable evaluation and management service by the', short: 'Sig sep e/m svc same day' }),
  anweb({ code: '25', sequence: 200, recordId: '8', long: 'same physician on the day of a procedure' }),
  anweb({ code: 'G0659', sequence: 100, recordId: '3', long: 'Drug test(s), definitive, simple', short: 'Drug test def simple all cl', added: '20170101', effective: '20250101', terminated: '20251231', action: 'D' }),
  '',
].join('\r\n');

describe('parseHcpcsFixedWidth', () => {
  test('reads codes, joins continuation lines of the long description, skips modifiers, and keeps the dates', () => {
    expect(parseHcpcsFixedWidth(JAN_2026)).toEqual([
      { system: 'HCPCS', code: 'E0601', compact: 'E0601', description: 'Continuous positive airway pressure (CPAP) device', billable: true, effectiveFrom: '1995-01-01' },
      {
        system: 'HCPCS',
        code: 'G0480',
        compact: 'G0480',
        description: 'Drug test(s), definitive, utilizing (1) drug identification methods able to identify individual drugs and distinguish between structural isomers (but not necessarily stereoisomers); 1-7 drug class(es)',
        billable: true,
        effectiveFrom: '2016-01-01',
      },
      { system: 'HCPCS', code: 'G0659', compact: 'G0659', description: 'Drug test(s), definitive, simple', billable: true, effectiveFrom: '2017-01-01', effectiveTo: '2025-12-31' },
    ]);
  });

  test('uses the short description when the long one is empty', () => {
    const text = anweb({ code: 'A4604', sequence: 100, recordId: '3', long: '', short: 'Tubing with heating element' });
    expect(parseHcpcsFixedWidth(text)[0]?.description).toBe('Tubing with heating element');
  });

  test.each([
    [anweb({ code: 'G0481', sequence: 100, recordId: '4', long: 'more words' }), 'Line 3 continues the description of G0481, but no record of G0481 comes before it'],
    [anweb({ code: 'G0481', sequence: 100, recordId: '3', long: 'x' }).replace(/^(.{10})3/, '$15'), 'Line 3 is not a HCPCS fixed-width record: column 11 is "5", not 3, 4, 7 or 8'],
    [anweb({ code: 'G048', sequence: 100, recordId: '3', long: 'x' }), 'Line 3: "G048" is not a HCPCS Level II code (a letter and four digits)'],
    [anweb({ code: 'G0481', sequence: 100, recordId: '3', long: 'x', added: '2016011' }), 'Line 3: the date added of G0481 is "2016011", not a date as YYYYMMDD'],
    [`${anweb({ code: 'G0481', sequence: 100, recordId: '3', long: 'x' })}${'x'.repeat(20)}`, 'Line 3 is 313 characters long: a HCPCS fixed-width record has 293'],
    [anweb({ code: 'G0481', sequence: 100, recordId: '3', long: 'x', added: '20160101' }).slice(0, 272), 'Line 3 is 272 characters long, shorter than a HCPCS fixed-width record (293): the line is cut short'],
  ])('a bad record is refused with its line number (%#)', (badLine, message) => {
    const text = [anweb({ code: 'E0601', sequence: 100, recordId: '3', long: 'CPAP device' }), '', badLine].join('\n');
    expect(() => parseHcpcsFixedWidth(text)).toThrow(message);
  });
});

describe('hcpcsFormatOf', () => {
  test('tells the CSV header from fixed-width records, and names neither when it is neither', () => {
    expect(hcpcsFormatOf('\uFEFFHCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION\r\n')).toBe('csv');
    expect(hcpcsFormatOf(JAN_2026)).toBe('fixed-width');
    expect(() => hcpcsFormatOf('code,description\n80324,Drug test\n')).toThrow(/^Line 1 is neither the HCPCS CSV header/);
  });
});

describe('importHcpcs', () => {
  let c: CodeDb;
  beforeEach(async () => {
    c = await openCodeDb();
  });
  afterEach(async () => c.close());

  const CSV = [
    'HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION',
    'E0601,Cont airway pressure device,Continuous positive airway pressure (CPAP) device',
    'G0480,Drug test def 1-7 classes,"Drug test(s), definitive, 1-7 drug class(es)"',
    'GA,Waiver of liability on file,"Waiver of liability statement issued as required by payer policy, individual case"',
    'K0001,Standard wheelchair,Standard wheelchair',
    '',
  ].join('\r\n');

  test('the CSV form: the release is read from the file name, modifiers skipped, a re-import changes nothing', async () => {
    const file = c.write('hcpcs_codes_2026_jan.csv', CSV);
    const first = await importHcpcs(c.db, { file });
    expect(first.counts).toEqual({ rows: 3, added: 3, changed: 0, ended: 0, reopened: 0 });
    expect(first.summary).toContain('HCPCS Level II 2026-01 (in force from 01/01/2026) from hcpcs_codes_2026_jan.csv (CSV): 3 codes');
    const before = await codeRows(c.db, 'HCPCS');
    expect((await importHcpcs(c.db, { file })).counts).toEqual({ rows: 3, added: 0, changed: 0, ended: 0, reopened: 0 });
    expect(await codeRows(c.db, 'HCPCS')).toEqual(before);
  });

  test('the fixed-width form after the CSV: K0001, not in the new file, is ended; G0659 carries its own termination date', async () => {
    await importHcpcs(c.db, { file: c.write('hcpcs_codes_2026_jan.csv', CSV) });
    const result = await importHcpcs(c.db, { file: c.write('HCPC2026_APR_ANWEB.txt', JAN_2026) });
    expect(result.summary).toContain('HCPCS Level II 2026-04 (in force from 04/01/2026) from HCPC2026_APR_ANWEB.txt (fixed width): 3 codes');
    expect(result.counts).toEqual({ rows: 3, added: 1, changed: 2, ended: 1, reopened: 0 });
    expect(await findCode(c.db, PROCEDURE_SYSTEMS, 'K0001')).toMatchObject({ effectiveFrom: '2026-01-01', effectiveTo: '2026-03-31' });
    expect(await findCode(c.db, PROCEDURE_SYSTEMS, 'G0659')).toMatchObject({ effectiveFrom: '2017-01-01', effectiveTo: '2025-12-31' });
    expect(await findCode(c.db, PROCEDURE_SYSTEMS, 'G0659', '2026-01-05')).toBeUndefined();
    expect((await findCode(c.db, PROCEDURE_SYSTEMS, 'G0480'))?.description).toContain('structural isomers');
    expect((await listCodeSets(c.db, 'HCPCS')).map((s) => s.version)).toEqual(['2026-01', '2026-04']);
  });

  test('a bad row in the CSV names its line, and nothing is imported', async () => {
    const bad = `${CSV}G04X0,Bad code,Not a code\r\n`;
    await expect(importHcpcs(c.db, { file: c.write('hcpcs_codes_2026_jan.csv', bad) })).rejects.toThrow('Line 6: "G04X0" is not a HCPCS Level II code (a letter and four digits)');
    const cut = `${CSV}G0481,"Drug test def 8-14 classes","Drug test(s), defin`;
    await expect(importHcpcs(c.db, { file: c.write('hcpcs_codes_2026_jan.csv', cut) })).rejects.toThrow(/^Line 6, the last, has no line end: the file looks cut short/);
    expect(await codeRows(c.db, 'HCPCS')).toEqual([]);
  });
});
