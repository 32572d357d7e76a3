import type { Db } from '../database';
import { insertedId } from '../results';
import type { AnnouncementKind } from '../../domain/announcements';

export interface Announcement {
  id: number;
  organizationId: number;
  kind: AnnouncementKind;
  title: string;
  body: string;
  startsOn: string;
  endsOn: string | null;
  endedAt: string | null;
}

export type AnnouncementFields = Pick<Announcement, 'kind' | 'title' | 'body' | 'startsOn' | 'endsOn'>;

function toAnnouncement(row: Record<string, unknown>): Announcement {
  return {
    id: row.id as number,
    organizationId: row.organization_id as number,
    kind: row.kind as AnnouncementKind,
    title: row.title as string,
    body: row.body as string,
    startsOn: row.starts_on as string,
    endsOn: (row.ends_on as string | null) ?? null,
    endedAt: (row.ended_at as string | null) ?? null,
  };
}

/** The plan's announcements, the newest start first (for the plan administrator's list). */
export async function listAnnouncements(db: Db, organizationId: number): Promise<Announcement[]> {
  const rows = await db('announcements').where({ organization_id: organizationId }).orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'id', order: 'asc' }]);
  return rows.map(toAnnouncement);
}

/** Every plan's announcements current on `today`, for the offices' home pages. */
export async function currentAnnouncements(db: Db, today: string): Promise<Announcement[]> {
  const rows = await db('announcements')
    .whereNull('ended_at')
    .where('starts_on', '<=', today)
    .where((q) => q.whereNull('ends_on').orWhere('ends_on', '>=', today))
    .orderBy([{ column: 'starts_on', order: 'desc' }, { column: 'id', order: 'asc' }]);
  return rows.map(toAnnouncement);
}

export async function findAnnouncement(db: Db, id: number, organizationId: number): Promise<Announcement | undefined> {
  const row = await db('announcements').where({ id, organization_id: organizationId }).first();
  return row ? toAnnouncement(row) : undefined;
}

const columns = (a: AnnouncementFields) => ({ kind: a.kind, title: a.title, body: a.body, starts_on: a.startsOn, ends_on: a.endsOn });

export async function insertAnnouncement(db: Db, organizationId: number, a: AnnouncementFields, by: number | null, at: Date): Promise<number> {
  return insertedId(await db('announcements').insert({ organization_id: organizationId, ...columns(a), updated_by: by, updated_at: at.toISOString() }).returning('id'));
}

export async function updateAnnouncement(db: Db, id: number, organizationId: number, a: AnnouncementFields, by: number, at: Date): Promise<boolean> {
  return (await db('announcements').where({ id, organization_id: organizationId }).update({ ...columns(a), updated_by: by, updated_at: at.toISOString() })) > 0;
}

/** Ends an announcement now; false when it was not the plan's or had already ended. */
export async function endAnnouncement(db: Db, id: number, organizationId: number, by: number, at: Date): Promise<boolean> {
  return (await db('announcements').where({ id, organization_id: organizationId }).whereNull('ended_at').update({ ended_at: at.toISOString(), updated_by: by, updated_at: at.toISOString() })) > 0;
}
