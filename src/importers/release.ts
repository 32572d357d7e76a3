import fs from 'node:fs';
import path from 'node:path';
import type { ImportCounts, Progress, Release } from '../db/repositories/codeSets';
import { CodeFileError, cutShortProblem } from '../domain/codeFiles';
import { formatDate, parseDate, today } from '../domain/dates';

/** What the command line passes to an importer. */
export interface ImportOptions {
  file: string;
  version?: string;
  /** YYYY-MM-DD: the first day the release is in force. */
  effective?: string;
  onProgress?: Progress;
  /** The person importing says the release may end more than MASS_END of a code set's codes in force. */
  allowMassEnd?: boolean;
}

export interface ImportResult {
  /** One or two sentences for the person who ran the import. */
  summary: string;
  counts: ImportCounts;
}

/** A problem with the command or the file, told to the person running it; nothing was changed. */
export class ImportError extends Error {}

/**
 * Reads a code file as text. The official files are ASCII, but a file saved by a spreadsheet may be
 * Windows-1252: when the bytes are not valid UTF-8 they are read as Latin-1 rather than garbled.
 */
export function readCodeFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new ImportError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? bytes.toString('latin1') : text;
}

/**
 * A JSON data file that names its own version (a rules file, a synonyms file): read, checked whole by
 * `parse`, and any problem with the command or the file told as an ImportError, before anything is
 * written. `Problem` is the error `parse` throws for a file that is not right.
 */
export function readDataFile<T>(options: ImportOptions, names: string, parse: (data: unknown) => T, Problem: abstract new (...args: never[]) => Error): T {
  if (options.version !== undefined || options.effective !== undefined) {
    throw new ImportError(`${names}: leave out --version and --effective`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readCodeFile(options.file));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${options.file} is not JSON: ${(err as Error).message}`);
  }
  try {
    return parse(data);
  } catch (err) {
    if (err instanceof Problem) throw new ImportError(err.message);
    throw err;
  }
}

/** A code file of lines (fixed width or CSV), refused when its last line is cut short. */
export function readLineFile(file: string): string {
  const text = readCodeFile(file);
  const problem = cutShortProblem(text);
  if (problem) throw new CodeFileError(problem);
  return text;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** What a file's name tells of its release; undefined when it tells nothing. */
export type Inference = (fileName: string) => { version: string; effectiveDate: string } | undefined;

/** icd10cm-codes-2026.txt is FY2026, in force from 2025-10-01; icd10cm-codes-April-2025.txt from 2025-04-01. */
export const fiscalYearRelease: Inference = (name) => {
  const year = /(20\d\d)/.exec(name)?.[1];
  if (!year) return undefined;
  if (/apr/i.test(name)) return { version: `${year}-04`, effectiveDate: `${year}-04-01` };
  return { version: year, effectiveDate: `${Number(year) - 1}-10-01` };
};

/** hcpcs_codes_2026_jan.csv and HCPC2026_JAN_ANWEB.txt are the January 2026 quarter. */
export const quarterRelease: Inference = (name) => {
  const year = /(20\d\d)/.exec(name)?.[1];
  const month = MONTHS.findIndex((m) => new RegExp(`(^|[^a-z])${m}([^a-z]|$)`, 'i').test(name.replace(/[_\-.]/g, ' ')));
  if (!year || month < 0) return undefined;
  const mm = String(month + 1).padStart(2, '0');
  return { version: `${year}-${mm}`, effectiveDate: `${year}-${mm}-01` };
};

/** A CPT file for 2026 is in force from January 1. */
export const calendarYearRelease: Inference = (name) => {
  const year = /(20\d\d)/.exec(name)?.[1];
  return year ? { version: year, effectiveDate: `${year}-01-01` } : undefined;
};

/** npidata_pfile_20050523-20251109.csv is as of 2025-11-09 (the last date in the name). */
export const datedRelease: Inference = (name) => {
  const dates = [...name.matchAll(/(20\d\d)(\d\d)(\d\d)/g)].map((m) => parseDate(`${m[1]}-${m[2]}-${m[3]}`)).filter((d): d is string => Boolean(d));
  const last = dates[dates.length - 1];
  return last ? { version: last, effectiveDate: last } : undefined;
};

/**
 * The release an import records: --version and --effective when given, else what the file name
 * tells; a file whose name tells nothing is a release of today when `todayIfUnknown`, and otherwise
 * must be named on the command line (a wrong effective date would end codes on the wrong day).
 */
export function releaseOf(system: string, options: ImportOptions, infer: Inference, todayIfUnknown: boolean): Release {
  const name = path.basename(options.file);
  let effectiveDate: string | undefined;
  if (options.effective !== undefined) {
    const iso = parseDate(options.effective);
    if (!iso) throw new ImportError(`--effective "${options.effective}" is not a date: give it as YYYY-MM-DD, like 2025-10-01`);
    effectiveDate = iso;
  }
  const inferred = infer(name);
  effectiveDate ??= inferred?.effectiveDate ?? (todayIfUnknown ? today() : undefined);
  if (!effectiveDate) {
    throw new ImportError(`Cannot tell which release ${name} is from its name: give --version and --effective, like --version 2026 --effective 2025-10-01`);
  }
  const version = options.version?.trim() || (options.effective === undefined ? inferred?.version : undefined) || effectiveDate;
  if (version.length > 40) throw new ImportError('--version must be 40 characters or fewer');
  return { system, version, effectiveDate, sourceFile: name };
}

export function describeCounts(counts: ImportCounts): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(counts.added)} added, ${n(counts.changed)} changed, ${n(counts.ended)} ended, ${n(counts.reopened)} reopened`;
}

export function describeRelease(label: string, release: Release): string {
  return `${label} ${release.version} (in force from ${formatDate(release.effectiveDate)}) from ${release.sourceFile}`;
}
