import { parse } from 'csv-parse/sync';
import { dottedDiagnosisCode, type CodeSystem } from './codeFormats';

export interface CodeRecord {
  system: CodeSystem;
  code: string;
  compact: string;
  description: string | null;
  billable: boolean;
}

/**
 * The CDC/NCHS ICD-10-CM "codes" file: code in columns 1-7 without the dot, a space, the long
 * description to the end of the line. It lists billable codes only; every proper prefix of a listed
 * code (three characters or more) is a category, which a request may not use, so those are derived.
 */
export function parseIcd10cmCodes(text: string): CodeRecord[] {
  const billable = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const compact = line.slice(0, 7).trim().toUpperCase();
    const description = line.slice(8).trim();
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(compact) || line[7] !== ' ' || description === '') {
      throw new Error(`Line ${index + 1} is not an ICD-10-CM code line: "${line.slice(0, 40)}"`);
    }
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

/** HCPCS Level II as CSV with the header HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION; two-character modifiers are skipped. */
export function parseHcpcsCsv(text: string): CodeRecord[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  return rows
    .filter((row) => (row.HCPCS_CODE ?? '').length === 5)
    .map((row) => {
      const code = (row.HCPCS_CODE ?? '').toUpperCase();
      return { system: 'HCPCS' as const, code, compact: code, description: row.LONG_DESCRIPTION || row.SHORT_DESCRIPTION || null, billable: true };
    });
}

/** CPT as CSV code,description, supplied by a plan with an AMA licence (OpenPA ships only its own plain labels). */
export function parseCptCsv(text: string): CodeRecord[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  return rows.map((row) => {
    const code = (row.code ?? '').toUpperCase();
    return { system: 'CPT' as const, code, compact: code, description: row.description ?? null, billable: true };
  });
}

export interface PlaceOfService {
  code: string;
  name: string;
  description: string;
}

/** CMS place-of-service codes as CSV code,name,description. */
export function parsePlaceOfServiceCsv(text: string): PlaceOfService[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  return rows.map((row) => ({ code: (row.code ?? '').padStart(2, '0'), name: (row.name ?? '').replace(/\*$/, ''), description: row.description ?? '' }));
}
