import type { Db } from '../db/database';
import { importPlacesOfService } from '../db/repositories/codeSets';
import { parsePlaceOfServiceCsv } from '../domain/codeFiles';
import { datedRelease, describeCounts, describeRelease, readLineFile, releaseOf, type ImportOptions, type ImportResult } from './release';

/** CMS place-of-service codes as CSV code,name,description. */
export async function importPos(db: Db, options: ImportOptions): Promise<ImportResult> {
  const release = releaseOf('POS', options, datedRelease, true);
  const places = parsePlaceOfServiceCsv(readLineFile(options.file));
  const counts = await importPlacesOfService(db, release, places, options);
  return { counts, summary: `${describeRelease('Place of service codes', release)}: ${places.length} codes; ${describeCounts(counts)}.` };
}
