import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { Db } from '../db/database';
import { importProviders as storeProviders } from '../db/repositories/providers';
import { cutShortMessage } from '../domain/codeFiles';
import { missingNppesColumns, readNppesRow, type ProviderRecord } from '../domain/providerFiles';
import { datedRelease, describeCounts, describeRelease, ImportError, releaseOf, type ImportOptions, type ImportResult } from './release';

/** Bad rows named in the message; the rest are counted. */
const ROWS_SHOWN = 20;

/**
 * The NPPES npidata CSV, streamed: the national file has millions of rows. Every NPI's check digit
 * is verified; if any row is bad, the import stops with every bad row's line number and nothing is
 * kept (the rows go into the database inside one transaction, which the error rolls back).
 */
export async function importProviders(db: Db, options: ImportOptions): Promise<ImportResult> {
  const release = releaseOf('NPPES', options, datedRelease, true);
  if (!fs.existsSync(options.file)) throw new ImportError(`Cannot read ${options.file}: no such file`);
  await refuseCutShort(options.file);
  let deactivated = 0;

  async function* rows(): AsyncGenerator<ProviderRecord> {
    const problems: string[] = [];
    let badRows = 0;
    const parser = fs.createReadStream(options.file).pipe(
      parse({
        bom: true,
        info: true,
        skip_empty_lines: true,
        columns: (header: string[]) => {
          const missing = missingNppesColumns(header);
          if (missing.length > 0) throw new ImportError(`Line 1 is not the NPPES npidata header: it has no "${missing[0]}" column`);
          return header;
        },
      }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        const read = readNppesRow(record);
        if (read.kind === 'provider') yield read.provider;
        else if (read.kind === 'deactivated') deactivated++;
        else if (++badRows <= ROWS_SHOWN) problems.push(`line ${info.lines}: ${read.message}`);
      }
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(`Line ${(err as { lines?: number }).lines ?? '?'} of ${release.sourceFile} cannot be read: ${(err as Error).message}`);
    }
    if (badRows > 0) {
      const more = badRows > ROWS_SHOWN ? `; and ${badRows - ROWS_SHOWN} more bad rows` : '';
      throw new ImportError(`${release.sourceFile} has ${badRows} bad ${badRows === 1 ? 'row' : 'rows'}: ${problems.join('; ')}${more}`);
    }
  }

  const counts = await storeProviders(db, release, rows(), options.onProgress);
  return {
    counts,
    summary: `${describeRelease('NPPES providers', release)}: ${counts.rows.toLocaleString('en-US')} providers (${deactivated} deactivated NPIs skipped); ${describeCounts(counts)}.`,
  };
}

/** The national file is gigabytes: its last byte tells whether it was cut short; lines are counted only then. */
async function refuseCutShort(file: string): Promise<void> {
  const { size } = fs.statSync(file);
  if (size === 0) return;
  const last = Buffer.alloc(1);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, last, 0, 1, size - 1);
  } finally {
    fs.closeSync(fd);
  }
  if (last[0] === 0x0a) return;
  let lineEnds = 0;
  for await (const chunk of fs.createReadStream(file)) {
    for (const byte of chunk as Buffer) if (byte === 0x0a) lineEnds++;
  }
  throw new ImportError(cutShortMessage(lineEnds + 1));
}
