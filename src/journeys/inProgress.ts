import type { Db } from '../db/database';
import { journeysInProgress, purgeJourneysBefore, type JourneyRecord } from '../db/repositories/journeys';
import type { UserRecord } from '../db/repositories/users';
import { formatDate, formatDateTime } from '../domain/dates';
import { KEEP_DAYS, removalDate } from './engine/controller';
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
 * would resume and when it will be removed. Those untouched for longer than they are kept go first.
 */
export function inProgressList(kinds: readonly ListedKind[]): InProgressList {
  return async (db, user) => {
    const now = new Date();
    await purgeJourneysBefore(db, new Date(now.getTime() - KEEP_DAYS * 86_400_000));
    const records = await journeysInProgress<never>(db, user.id, kinds.map((k) => k.kind));
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
