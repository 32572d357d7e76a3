import type { Db } from '../database';

/** What one member search found, kept under a random id so that two tabs can search two members. */
export interface MemberSearch {
  id: string;
  userId: number;
  memberId: number;
  dateOfService: string;
  /** What the provider searched by, to say so beside the result ("Medicaid ID 200563402"). */
  criteria: { label: string; value: string }[];
  createdAt: string;
}

export async function insertMemberSearch(db: Db, search: MemberSearch): Promise<void> {
  await db('member_searches').insert({
    id: search.id,
    user_id: search.userId,
    member_id: search.memberId,
    date_of_service: search.dateOfService,
    criteria: JSON.stringify(search.criteria),
    created_at: search.createdAt,
  });
}

/** A search, only for the user who made it. */
export async function findMemberSearch(db: Db, id: string, userId: number): Promise<MemberSearch | undefined> {
  const row = await db('member_searches').where({ id, user_id: userId }).first();
  if (!row) return undefined;
  return { id: row.id, userId: row.user_id, memberId: row.member_id, dateOfService: row.date_of_service, criteria: JSON.parse(row.criteria), createdAt: row.created_at };
}

/** Searches are worth keeping for a working day or so: older ones are removed. */
export async function purgeMemberSearchesBefore(db: Db, before: Date): Promise<void> {
  await db('member_searches').where('created_at', '<', before.toISOString()).del();
}
