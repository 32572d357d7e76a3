import type { Db } from '../db/database';
import { importCodeRelease } from '../db/repositories/codeSets';
import { parseCptCsv } from '../domain/codeFiles';
import { calendarYearRelease, describeCounts, describeRelease, readLineFile, releaseOf, type ImportOptions, type ImportResult } from './release';

/** CPT as CSV code,description: the plan's own licensed file (CPT descriptors are the AMA's; none ship with OpenPA). */
export async function importCpt(db: Db, options: ImportOptions): Promise<ImportResult> {
  const release = releaseOf('CPT', options, calendarYearRelease, false);
  const records = parseCptCsv(readLineFile(options.file));
  const counts = await importCodeRelease(db, release, records, options);
  return { counts, summary: `${describeRelease('CPT', release)}: ${records.length.toLocaleString('en-US')} codes; ${describeCounts(counts)}.` };
}
