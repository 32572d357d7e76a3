import type { Db } from '../database';
import { SERVICE_TYPE_SYSTEM } from '../../domain/serviceTypes';
import { isPostgres } from '../dialect';
import { rawRows } from '../results';

/** A line's code as the Status list shows it: an X12 service type's as "Service type 3" (a constant, not input). */
const LINE_CODE_LABEL = `case when l.code_system = '${SERVICE_TYPE_SYSTEM}' then 'Service type ' || l.code else l.code end`;

/**
 * What the Status tab lists: the organization's authorization requests and newborn delivery
 * notifications together, newest first. Nothing of another organization is ever read.
 */
export interface SubmissionRow {
  kind: 'request' | 'newborn';
  reference: string;
  memberName: string;
  memberId: string;
  codes: string;
  fromDate: string;
  toDate: string;
  status: string;
  submittedAt: string;
}

export type SubmissionFilter =
  | { by: 'reference'; reference: string }
  | { by: 'authorization'; authorizationNumber: string }
  | { by: 'member'; memberId: string; from?: string; to?: string }
  | { by: 'status'; status?: string }
  /** Waiting on the office: information requested, or a denial or partial approval decided on `decidedSince` or later and not yet contested. */
  | { by: 'needs-action'; decidedSince: string };

/** A newborn delivery notification has no decision to wait for: the plan has received it. */
export const NOTIFICATION_STATUS = 'Received';

/**
 * The Status tab's searches. Nothing here, nor any retention setting, ages a request out: a pended or
 * decided request stays findable at least 6 months after its last date of service (the Da Vinci PAS
 * rule), and in fact for as long as it is kept.
 */
export async function findSubmissions(
  db: Db,
  organizationId: number,
  filter: SubmissionFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: SubmissionRow[]; total: number }> {
  const requests = db('auth_requests as r')
    .join('members as m', 'm.id', 'r.member_id')
    .where('r.organization_id', organizationId)
    .select(
      db.raw("'request' as kind"),
      'r.reference_number as reference',
      'm.first_name',
      'm.last_name',
      'm.member_id',
      // A line named by an X12 service type (issue 15) reads "Service type 3" (lineCodeLabel in src/domain/serviceTypes.ts).
      db.raw(`(select ${isPostgres(db) ? `string_agg(${LINE_CODE_LABEL}, ', ' order by l.line_number)` : `group_concat(${LINE_CODE_LABEL}, ', ')`} from request_lines l where l.request_id = r.id) as codes`),
      'r.start_date as from_date',
      'r.end_date as to_date',
      'r.status',
      'r.submitted_at',
    );
  const notifications = db('newborn_notifications as n')
    .join('members as m', 'm.id', 'n.mother_member_id')
    .where('n.organization_id', organizationId)
    .select(
      db.raw("'newborn' as kind"),
      'n.reference_number as reference',
      'm.first_name',
      'm.last_name',
      'm.member_id',
      db.raw("'' as codes"),
      'n.delivery_date as from_date',
      'n.delivery_date as to_date',
      // A parameter's type is not known inside a UNION on PostgreSQL: text, said once for both databases.
      db.raw('cast(? as text) as status', [NOTIFICATION_STATUS]),
      'n.submitted_at',
    );

  // The authorization number, the member and the lists find an authorization's current version; its
  // reference number finds that very version (issue 14: each version has its own).
  if (filter.by !== 'reference') requests.whereNull('r.superseded_by');
  if (filter.by === 'reference') {
    requests.where('r.reference_number', filter.reference);
    notifications.where('n.reference_number', filter.reference);
  } else if (filter.by === 'authorization') {
    requests.where('r.authorization_number', filter.authorizationNumber);
    notifications.whereRaw('0 = 1'); // a notification has no authorization number
  } else if (filter.by === 'member') {
    requests.where('m.member_id', filter.memberId);
    notifications.where('m.member_id', filter.memberId);
    // Dates of service that overlap the range asked for.
    if (filter.from) {
      requests.where('r.end_date', '>=', filter.from);
      notifications.where('n.delivery_date', '>=', filter.from);
    }
    if (filter.to) {
      requests.where('r.start_date', '<=', filter.to);
      notifications.where('n.delivery_date', '<=', filter.to);
    }
  } else if (filter.by === 'needs-action') {
    requests.whereExists(
      db('request_lines as l')
        .whereRaw('l.request_id = r.id')
        .where((w) =>
          w.where('l.status', 'Information requested').orWhere((c) =>
            c.whereIn('l.status', ['Denied', 'Partially approved'])
              .whereNotExists(db('reconsiderations as rc').whereRaw('rc.request_line_id = l.id').select(db.raw('1')))
              // The decision's day, compared as text: an ISO instant on or after the cutoff day.
              .whereExists(db('line_decisions as d').whereRaw('d.request_line_id = l.id').whereRaw('d.outcome = l.status').where('d.decided_at', '>=', filter.decidedSince).select(db.raw('1'))),
          ),
        )
        .select(db.raw('1')),
    );
    notifications.whereRaw('0 = 1');
  } else if (filter.status) {
    requests.where('r.status', filter.status);
    if (filter.status !== NOTIFICATION_STATUS) notifications.whereRaw('0 = 1');
  }

  // SQLite does not accept parentheses around the parts of a UNION, so the two parts are joined as SQL
  // text (with knex's ? placeholders, which db.raw turns into each driver's own).
  const a = requests.toSQL();
  const b = notifications.toSQL();
  const union = `${a.sql} union all ${b.sql}`;
  const bindings = [...a.bindings, ...b.bindings];
  const rows = rawRows<Record<string, string>>(await db.raw(`select * from (${union}) as submissions order by submitted_at desc, reference limit ? offset ?`, [...bindings, page.limit, page.offset]));
  const [count] = rawRows<{ n: number }>(await db.raw(`select count(*) as n from (${union}) as submissions`, bindings));
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      kind: r.kind as SubmissionRow['kind'],
      reference: String(r.reference),
      memberName: `${r.first_name} ${r.last_name}`,
      memberId: String(r.member_id),
      codes: r.codes ?? '',
      fromDate: String(r.from_date),
      toDate: String(r.to_date),
      status: String(r.status),
      submittedAt: String(r.submitted_at),
    })),
  };
}
