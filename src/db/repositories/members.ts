import type { Db } from '../database';
import { insertedId } from '../results';
import { cached, forgetCached } from './cacheGenerations';
import type { EligibilitySpan } from '../../domain/eligibility';

export interface Member {
  id: number;
  memberId: string;
  medicaidId: string | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: string;
  eligibility: EligibilitySpan[];
}

export interface MemberCriteria {
  memberId?: string;
  medicaidId?: string;
  lastName?: string;
  firstName?: string;
  dateOfBirth?: string;
}

/** Members matching every criterion given (names compared without regard to case). At most `limit`. */
export async function findMembers(db: Db, criteria: MemberCriteria, limit = 10): Promise<Member[]> {
  const query = db('members').select('*').limit(limit).orderBy(['last_name', 'first_name', 'member_id']);
  if (criteria.memberId) query.where('member_id', criteria.memberId);
  if (criteria.medicaidId) query.where('medicaid_id', criteria.medicaidId);
  if (criteria.lastName) query.whereRaw('lower(last_name) = lower(?)', [criteria.lastName]);
  if (criteria.firstName) query.whereRaw('lower(first_name) = lower(?)', [criteria.firstName]);
  if (criteria.dateOfBirth) query.where('date_of_birth', criteria.dateOfBirth);
  const rows = await query;
  return withEligibility(db, rows);
}

/** Kept in memory between requests until members or eligibility change (cacheGenerations.ts). */
export async function findMemberById(db: Db, id: number): Promise<Member | undefined> {
  return cached(db, 'members', id, async () => {
    const rows = await db('members').where({ id });
    return (await withEligibility(db, rows))[0];
  });
}

async function withEligibility(db: Db, rows: Record<string, unknown>[]): Promise<Member[]> {
  if (rows.length === 0) return [];
  const spans = await db('eligibility_spans')
    .whereIn('member_id', rows.map((r) => r.id as number))
    .orderBy('start_date');
  return rows.map((row) => ({
    id: row.id as number,
    memberId: row.member_id as string,
    medicaidId: (row.medicaid_id as string | null) ?? null,
    firstName: row.first_name as string,
    lastName: row.last_name as string,
    dateOfBirth: row.date_of_birth as string,
    gender: row.gender as string,
    eligibility: spans
      .filter((s) => s.member_id === row.id)
      .map((s) => ({ planName: s.plan_name as string, startDate: s.start_date as string, endDate: s.end_date as string })),
  }));
}

export async function insertMember(db: Db, member: Omit<Member, 'id'>): Promise<number> {
  return db.transaction(async (trx) => {
    const id = insertedId(await trx('members').insert({
      member_id: member.memberId,
      medicaid_id: member.medicaidId,
      first_name: member.firstName,
      last_name: member.lastName,
      date_of_birth: member.dateOfBirth,
      gender: member.gender,
    }).returning('id'));
    for (const span of member.eligibility) {
      await trx('eligibility_spans').insert({ member_id: id, plan_name: span.planName, start_date: span.startDate, end_date: span.endDate });
    }
    return id;
  }).finally(() => forgetCached(db, 'members'));
}
