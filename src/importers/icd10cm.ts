import type { Db } from '../db/database';
import { importCodeRelease } from '../db/repositories/codeSets';
import { parseIcd10cmCodes } from '../domain/codeFiles';
import { describeCounts, describeRelease, fiscalYearRelease, readLineFile, releaseOf, type ImportOptions, type ImportResult } from './release';

/** The CDC/NCHS ICD-10-CM codes file (icd10cm-codes-2026.txt): billable codes, categories derived. */
export async function importIcd10cm(db: Db, options: ImportOptions): Promise<ImportResult> {
  const release = releaseOf('ICD10CM', options, fiscalYearRelease, false);
  const records = parseIcd10cmCodes(readLineFile(options.file));
  const counts = await importCodeRelease(db, release, records, options);
  const billable = records.filter((r) => r.billable).length;
  return {
    counts,
    summary: `${describeRelease('ICD-10-CM', release)}: ${billable.toLocaleString('en-US')} billable codes and ${(records.length - billable).toLocaleString('en-US')} categories; ${describeCounts(counts)}.`,
  };
}
