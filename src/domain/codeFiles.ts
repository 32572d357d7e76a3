import { parse } from 'csv-parse/sync';
import { dottedDiagnosisCode, type CodeSystem } from './codeFormats';
import type { IsoDate } from './dates';

export interface CodeRecord {
  system: CodeSystem;
  code: string;
  compact: string;
  description: string | null;
  billable: boolean;
  /** Dates the file itself gives for the code (HCPCS fixed width does); otherwise the release's. */
  effectiveFrom?: IsoDate;
  effectiveTo?: IsoDate;
}

/** A file that is not what it claims to be; the message starts with the line that is wrong. */
export class CodeFileError extends Error {}

/**
 * A file cut short (a download or copy that stopped part way) ends in the middle of a line. The
 * official files end every line, the last one too, with a line end, so a last line without one is
 * refused: read as a record, it would be a description cut short or a code that is not the one meant.
 */
export function cutShortProblem(text: string): string | undefined {
  if (text === '' || text.endsWith('\n')) return undefined;
  return cutShortMessage((text.match(/\n/g)?.length ?? 0) + 1);
}

/** The message for a file whose last line, `line`, has no line end. */
export function cutShortMessage(line: number): string {
  return `Line ${line}, the last, has no line end: the file looks cut short (a download or copy that stopped part way). Fetch it again; if it is whole, end its last line with a line end`;
}

/**
 * The CDC/NCHS ICD-10-CM "codes" file: code in columns 1-7 without the dot, a space, the long
 * description to the end of the line. It lists billable codes only; every proper prefix of a listed
 * code (three characters or more) is a category, which a request may not use, so those are derived.
 */
export function parseIcd10cmCodes(text: string): CodeRecord[] {
  const billable = new Map<string, string>();
  const firstLine = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const compact = line.slice(0, 7).trim().toUpperCase();
    const description = line.slice(8).trim();
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(compact) || line[7] !== ' ' || description === '') {
      throw new CodeFileError(`Line ${index + 1} is not an ICD-10-CM code line: "${line.slice(0, 40)}"`);
    }
    const earlier = firstLine.get(compact);
    if (earlier !== undefined) throw new CodeFileError(`Line ${index + 1} lists ${compact} again (it is on line ${earlier})`);
    firstLine.set(compact, index + 1);
    billable.set(compact, description);
  });
  const categories = new Set<string>();
  for (const compact of billable.keys()) {
    for (let len = 3; len < compact.length; len++) {
      const prefix = compact.slice(0, len);
      if (!billable.has(prefix)) categories.add(prefix);
    }
  }
  const records: CodeRecord[] = [];
  for (const [compact, description] of billable) {
    records.push({ system: 'ICD10CM', code: dottedDiagnosisCode(compact), compact, description, billable: true });
  }
  for (const compact of categories) {
    records.push({ system: 'ICD10CM', code: dottedDiagnosisCode(compact), compact, description: null, billable: false });
  }
  return records;
}

/** CSV rows with their line numbers; a malformed row throws naming its line. */
function csvRows(text: string, what: string, required: readonly string[]): { row: Record<string, string>; line: number }[] {
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  try {
    parsed = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true, info: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new CodeFileError(`Line ${line ?? 1} of the ${what} file cannot be read: ${(err as Error).message}`);
  }
  const first = parsed[0];
  const missing = first ? required.filter((c) => !(c in first.record)) : [];
  if (missing.length > 0) throw new CodeFileError(`Line 1 is not the ${what} header: it has no ${missing.join(', ')} column`);
  return parsed.map((p) => ({ row: p.record, line: p.info.lines }));
}

const HCPCS_CODE = /^[A-Z][0-9]{4}$/;

/** HCPCS Level II as CSV with the header HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION; two-character modifiers are skipped. */
export function parseHcpcsCsv(text: string): CodeRecord[] {
  const seen = new Map<string, number>();
  const records: CodeRecord[] = [];
  for (const { row, line } of csvRows(text, 'HCPCS', ['HCPCS_CODE', 'SHORT_DESCRIPTION', 'LONG_DESCRIPTION'])) {
    const code = (row.HCPCS_CODE ?? '').toUpperCase();
    if (code.length === 2) continue;
    if (!HCPCS_CODE.test(code)) throw new CodeFileError(`Line ${line}: "${code}" is not a HCPCS Level II code (a letter and four digits)`);
    const earlier = seen.get(code);
    if (earlier !== undefined) throw new CodeFileError(`Line ${line} lists ${code} again (it is on line ${earlier})`);
    seen.set(code, line);
    records.push({ system: 'HCPCS', code, compact: code, description: row.LONG_DESCRIPTION || row.SHORT_DESCRIPTION || null, billable: true });
  }
  return records;
}

/**
 * The CMS HCPCS Level II fixed-width "ANWEB" file: 293-character records. Columns 1-5 code, 6-10
 * sequence, 11 record id (3 = code, 4 = more of its long description; 7 and 8 the same for
 * modifiers, which are skipped), 12-91 long description, 92-119 short description, 269-276 date
 * added, 277-284 action effective date, 285-292 termination date (the last day the code may be used).
 */
export function parseHcpcsFixedWidth(text: string): CodeRecord[] {
  const records: CodeRecord[] = [];
  const parts = new Map<string, { record: CodeRecord; long: string[]; short: string }>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;
    if (raw.length > 300) throw new CodeFileError(`Line ${lineNo} is ${raw.length} characters long: a HCPCS fixed-width record has 293`);
    if (raw.length < 293) throw new CodeFileError(`Line ${lineNo} is ${raw.length} characters long, shorter than a HCPCS fixed-width record (293): the line is cut short`);
    const line = raw;
    const recordId = line[10];
    const code = line.slice(0, 5).trim().toUpperCase();
    if (recordId === '7' || recordId === '8') return;
    if (recordId !== '3' && recordId !== '4') {
      throw new CodeFileError(`Line ${lineNo} is not a HCPCS fixed-width record: column 11 is "${recordId ?? ''}", not 3, 4, 7 or 8`);
    }
    if (!HCPCS_CODE.test(code)) throw new CodeFileError(`Line ${lineNo}: "${code}" is not a HCPCS Level II code (a letter and four digits)`);
    const long = line.slice(11, 91).trim();
    if (recordId === '4') {
      const entry = parts.get(code);
      if (!entry) throw new CodeFileError(`Line ${lineNo} continues the description of ${code}, but no record of ${code} comes before it`);
      if (long) entry.long.push(long);
      return;
    }
    if (parts.has(code)) throw new CodeFileError(`Line ${lineNo} lists ${code} again`);
    const dateAt = (from: number, label: string): IsoDate | undefined => {
      const value = line.slice(from - 1, from + 7).trim();
      if (value === '') return undefined;
      const iso = /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : '';
      if (!iso || Number.isNaN(Date.parse(iso))) throw new CodeFileError(`Line ${lineNo}: the ${label} of ${code} is "${value}", not a date as YYYYMMDD`);
      return iso;
    };
    const record: CodeRecord = { system: 'HCPCS', code, compact: code, description: null, billable: true };
    const added = dateAt(269, 'date added');
    const terminated = dateAt(285, 'termination date');
    dateAt(277, 'action effective date');
    if (added) record.effectiveFrom = added;
    if (terminated) record.effectiveTo = terminated;
    parts.set(code, { record, long: long ? [long] : [], short: line.slice(91, 119).trim() });
    records.push(record);
  });
  for (const { record, long, short } of parts.values()) record.description = long.join(' ') || short || null;
  return records;
}

/** The HCPCS file's format by its content: the CSV header, or fixed-width records. */
export function hcpcsFormatOf(text: string): 'csv' | 'fixed-width' {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (/^"?HCPCS_CODE"?\s*,/i.test(first)) return 'csv';
  if (first.length >= 119 && /^[A-Z0-9]{5}[ 0-9]{5}[3478]/.test(first)) return 'fixed-width';
  throw new CodeFileError('Line 1 is neither the HCPCS CSV header (HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION) nor a HCPCS fixed-width (ANWEB) record');
}

/** CPT as CSV code,description, supplied by a plan with an AMA licence (OpenPA ships only its own plain labels). */
export function parseCptCsv(text: string): CodeRecord[] {
  const seen = new Map<string, number>();
  return csvRows(text, 'CPT', ['code', 'description']).map(({ row, line }) => {
    const code = (row.code ?? '').toUpperCase();
    // Category I is five digits; Category II ends in F, Category III in T; PLA codes end in U.
    if (!/^[0-9]{4}[0-9A-Z]$/.test(code)) throw new CodeFileError(`Line ${line}: "${code}" is not a CPT code (five characters, the first four digits)`);
    const earlier = seen.get(code);
    if (earlier !== undefined) throw new CodeFileError(`Line ${line} lists ${code} again (it is on line ${earlier})`);
    seen.set(code, line);
    return { system: 'CPT' as const, code, compact: code, description: row.description || null, billable: true };
  });
}

export interface PlaceOfService {
  code: string;
  name: string;
  description: string;
}

/**
 * The name as a provider should read it. The CMS list (and the HL7 CodeSystem derived from it) has
 * two known slips: a footnote star after code 66's name, and code 06 printed as "Indian Health
 * ServiceProvider-based Facility", a space lost between "Service" and "Provider-based".
 */
export function placeOfServiceName(raw: string): string {
  return raw.trim().replace(/\*$/, '').replace(/\bServiceProvider-based\b/, 'Service Provider-based');
}

/** CMS place-of-service codes as CSV code,name,description. */
export function parsePlaceOfServiceCsv(text: string): PlaceOfService[] {
  const seen = new Map<string, number>();
  return csvRows(text, 'place of service', ['code', 'name', 'description']).map(({ row, line }) => {
    const code = (row.code ?? '').padStart(2, '0');
    if (!/^[0-9]{2}$/.test(code)) throw new CodeFileError(`Line ${line}: "${row.code ?? ''}" is not a place of service code (two digits)`);
    const name = placeOfServiceName(row.name ?? '');
    if (name === '') throw new CodeFileError(`Line ${line}: place of service ${code} has no name`);
    const earlier = seen.get(code);
    if (earlier !== undefined) throw new CodeFileError(`Line ${line} lists ${code} again (it is on line ${earlier})`);
    seen.set(code, line);
    return { code, name, description: row.description ?? '' };
  });
}
