import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../db/database';
import { IMPORTERS, isImportKind } from '../importers';
import { importFailureMessage } from '../importers/importFailure';
import { configOrExit, withPortalDatabase } from './portalDatabase';

/**
 * npm run import -- <kind> <file> [--version V] [--effective YYYY-MM-DD] [--allow-mass-end]
 *
 * Loads an official code file (or a rules file) into the portal's database, the one the server uses
 * (DATABASE_FILE), migrating it first. Progress goes to stderr, the summary to stdout; the exit code
 * is 0 when the file was imported, 1 when it was not (nothing changed), 2 for a wrong command.
 */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export function usage(): string {
  const kinds = Object.entries(IMPORTERS).map(([kind, { what }]) => `  ${kind.padEnd(10)} ${what}`);
  return [
    'Usage: npm run import -- <kind> <file> [--version V] [--effective YYYY-MM-DD] [--allow-mass-end]',
    '',
    'Kinds:',
    ...kinds,
    '',
    '--version and --effective name the release; without them they are read from the file name',
    '(icd10cm-codes-2026.txt is 2026, in force from 2025-10-01). A code the release no longer lists is',
    'ended on the day before --effective; importing the same file again changes nothing. A release that',
    'would end more than 5% (and more than 50) of a code set\'s codes in force is refused unless',
    '--allow-mass-end is given: a file cut short looks like that.',
  ].join('\n');
}

export async function runImport(argv: string[], db: Db, io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        version: { type: 'string' },
        effective: { type: 'string' },
        'allow-mass-end': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (args.values.help) {
    io.out(usage());
    return 0;
  }
  const [kind, file, ...extra] = args.positionals;
  if (!kind || !file || extra.length > 0) {
    io.err(usage());
    return 2;
  }
  if (!isImportKind(kind)) {
    io.err(`"${kind}" is not a kind of file to import: use one of ${Object.keys(IMPORTERS).join(', ')}\n\n${usage()}`);
    return 2;
  }

  const started = process.hrtime.bigint();
  const label = path.basename(file);
  try {
    const result = await IMPORTERS[kind].run(db, {
      file,
      version: args.values.version,
      effective: args.values.effective,
      allowMassEnd: args.values['allow-mass-end'] === true,
      onProgress: (done, total) => io.err(`${label}: ${done.toLocaleString('en-US')}${total > 0 ? ` of ${total.toLocaleString('en-US')}` : ''} rows`),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    io.out(`${result.summary} Took ${seconds.toFixed(1)} s.`);
    return 0;
  } catch (err) {
    io.err(importFailureMessage(label, err));
    return 1;
  }
}

async function main(): Promise<void> {
  const config = configOrExit(2);
  const io: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  await withPortalDatabase(config, async (db) => {
    io.err(`Database: ${config.databaseFile}`);
    process.exitCode = await runImport(process.argv.slice(2), db, io);
  });
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${importFailureMessage(path.basename(process.argv[3] ?? 'the file'), err)}\n`);
    process.exit(1);
  });
}
