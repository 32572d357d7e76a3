import type { Db } from '../db/database';
import { importCodeRelease } from '../db/repositories/codeSets';
import { hcpcsFormatOf, parseHcpcsCsv, parseHcpcsFixedWidth } from '../domain/codeFiles';
import { describeCounts, describeRelease, quarterRelease, readLineFile, releaseOf, type ImportOptions, type ImportResult } from './release';

/** HCPCS Level II: the CMS fixed-width ANWEB file or its CSV form, told apart by their first line. */
export async function importHcpcs(db: Db, options: ImportOptions): Promise<ImportResult> {
  const release = releaseOf('HCPCS', options, quarterRelease, false);
  const text = readLineFile(options.file);
  const format = hcpcsFormatOf(text);
  const records = format === 'csv' ? parseHcpcsCsv(text) : parseHcpcsFixedWidth(text);
  const counts = await importCodeRelease(db, release, records, options);
  return {
    counts,
    summary: `${describeRelease('HCPCS Level II', release)} (${format === 'csv' ? 'CSV' : 'fixed width'}): ${records.length.toLocaleString('en-US')} codes; ${describeCounts(counts)}.`,
  };
}
