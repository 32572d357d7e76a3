import type { Db } from '../db/database';
import { journeysInProgress, type JourneyRecord } from '../db/repositories/journeys';
import type { UserRecord } from '../db/repositories/users';
import { formatDate, formatDateTime } from '../domain/dates';
import { removalDate } from './engine/controller';
import { keptSince } from './engine/removal';
import { journeyUrl } from './engine/journeyKind';

/** The parts of a journey kind the list needs, whatever its answers look like. */
export interface ListedKind {
  kind: string;
  basePath: string;
  flow: { firstIncomplete(state: never): { slug: string } };
  describe(db: Db, record: JourneyRecord<never>): Promise<{ title: string; member: string; detail: string }>;
}

export interface InProgressRow {
  title: string;
  member: string;
  detail: string;
  lastChange: string;
  removedOn: string;
  resumeHref: string;
  discardHref: string;
}

export type InProgressList = (db: Db, user: UserRecord) => Promise<InProgressRow[]>;

/**
 * The user's requests and notifications in progress, most recently changed first, each with where it
 * would resume and when it will be removed. Those untouched for longer than they are kept are not
 * listed; each process removes them from the database on its own clock (engine/removal.ts).
 */
export function inProgressList(kinds: readonly ListedKind[]): InProgressList {
  return async (db, user) => {
    const records = await journeysInProgress<never>(db, user.id, kinds.map((k) => k.kind), keptSince(new Date()));
    const rows: InProgressRow[] = [];
    for (const record of records) {
      const kind = kinds.find((k) => k.kind === record.kind);
      if (!kind) continue;
      const described = await kind.describe(db, record);
      rows.push({
        ...described,
        lastChange: formatDateTime(record.updatedAt),
        removedOn: formatDate(removalDate(record.updatedAt).toISOString().slice(0, 10)),
        resumeHref: journeyUrl(kind, record.id, kind.flow.firstIncomplete(record.state).slug),
        discardHref: journeyUrl(kind, record.id, 'cancel'),
      });
    }
    return rows;
  };
}
