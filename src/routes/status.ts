import { Router, type Request } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { findSubmissions, NOTIFICATION_STATUS, type SubmissionFilter } from '../db/repositories/submissions';
import { formatDate, parseDate } from '../domain/dates';
import { readSubmissionNumber } from '../domain/referenceNumbers';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { textOf, type FieldError } from '../validation';
import { reconsiderationCutoff } from '../domain/lineDecisions';
import { dateInTimeZone, startOfDayInTimeZone } from '../domain/reviewClock';
import type { PageTime } from './requestDetail';
import { reconsiderationWindowDays } from '../services/reconsiderationChoices';

const PAGE_SIZE = 20;
// The plan's decisions (issue 12) add Partially approved, Denied and Information requested.
/** Not a status: the requests waiting on the office (information requested, reconsideration possible). */
const NEEDS_ACTION = 'needs-action';
const STATUSES = ['Approved', 'Partially approved', 'Denied', 'Pended', 'Information requested', 'No authorization required', NOTIFICATION_STATUS];

/**
 * The Status tab: find the organization's requests and notifications by reference number, by member
 * and dates of service, or list the recent ones by status. These are searches, so the forms use GET
 * (the address can be bookmarked, Back works); they carry identifiers only, and the portal sends no
 * Referer and logs no query strings.
 */
function readFilter(req: Request, time: PageTime, reconsiderationDays: number): { filter: SubmissionFilter; errors: FieldError[]; values: Record<string, string> } {
  const values = Object.fromEntries(['reference', 'memberId', 'from', 'to', 'status'].map((k) => [k, textOf(req.query[k]).trim()]));
  const errors: FieldError[] = [];
  if ('reference' in req.query) {
    const number = readSubmissionNumber(values.reference ?? '');
    if (!number) {
      errors.push({ field: 'reference', message: 'Enter the 9-digit reference number, like 006567083, or the authorization number, like EPS-00001951' });
      return { filter: { by: 'reference', reference: '' }, errors, values };
    }
    const filter: SubmissionFilter = number.kind === 'reference' ? { by: 'reference', reference: number.reference } : { by: 'authorization', authorizationNumber: number.authorizationNumber };
    return { filter, errors, values };
  }
  if ('memberId' in req.query) {
    const { error } = Joi.string().pattern(/^[A-Za-z0-9-]{1,20}$/).validate(values.memberId);
    if (!values.memberId) errors.push({ field: 'memberId', message: 'Enter the member ID' });
    else if (error) errors.push({ field: 'memberId', message: 'Member ID must contain only letters, numbers and hyphens' });
    const from = values.from ? parseDate(values.from) : undefined;
    const to = values.to ? parseDate(values.to) : undefined;
    if (from === null) errors.push({ field: 'from', message: 'Enter the service from date as a real date, like 03/25/2026' });
    if (to === null) errors.push({ field: 'to', message: 'Enter the service to date as a real date, like 03/25/2026' });
    if (from && to && to < from) errors.push({ field: 'to', message: 'Service to date must be on or after the service from date' });
    return { filter: { by: 'member', memberId: values.memberId ?? '', from: from ?? undefined, to: to ?? undefined }, errors, values };
  }
  if (values.status === NEEDS_ACTION) {
    // The first instant of the cutoff day in the plan's time zone, as the decision's day is counted there.
    const cutoff = reconsiderationCutoff(dateInTimeZone(time.clock(), time.timeZone), reconsiderationDays);
    return { filter: { by: 'needs-action', decidedSince: startOfDayInTimeZone(cutoff, time.timeZone).toISOString() }, errors, values };
  }
  const status = STATUSES.includes(values.status ?? '') ? values.status : undefined;
  return { filter: { by: 'status', status }, errors, values };
}

function pageLink(req: Request, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) if (k !== 'page' && typeof v === 'string') params.set(k, v);
  params.set('page', String(page));
  return `/prior-auth/status?${params.toString()}`;
}

export function statusRouter(db: Db, time: PageTime): Router {
  const router = Router();
  router.get('/prior-auth/status', async (req, res) => {
    const user = currentUser(res);
    const { filter, errors, values } = readFilter(req, time, await reconsiderationWindowDays(db));
    const page = Math.max(1, Math.min(10_000, Number.parseInt(textOf(req.query.page), 10) || 1));
    const found = errors.length > 0 ? { rows: [], total: 0 } : await findSubmissions(db, user.organizationId, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    if (errors.length === 0) await audit(db, req, res, 'status-search', { detail: `by ${filter.by}` });
    const first = (page - 1) * PAGE_SIZE + 1;
    res.status(errors.length > 0 ? 422 : 200).render('status/index', {
      title: `${errors.length > 0 ? 'Error: ' : ''}Status`,
      errors,
      values,
      searchedBy: filter.by,
      statusOptions: [{ value: NEEDS_ACTION, text: 'Needs my action', selected: values.status === NEEDS_ACTION }, ...STATUSES.map((s) => ({ value: s, text: s, selected: values.status === s }))],
      resultsTitle: filter.by === 'status' ? (filter.status ? `Recent requests: ${filter.status}` : 'Recent requests') : filter.by === 'needs-action' ? 'Needs my action: information requested, or reconsideration possible' : 'Search results',
      rows: found.rows.map((r) => ({
        reference: r.reference,
        href: r.kind === 'request' ? `/prior-auth/requests/${r.reference}` : `/prior-auth/newborn/notifications/${r.reference}`,
        kind: r.kind === 'request' ? 'Authorization request' : 'Newborn delivery notification',
        member: `${r.memberName} (${r.memberId})`,
        codes: r.codes,
        dates: r.fromDate === r.toDate ? formatDate(r.fromDate) : `${formatDate(r.fromDate)} to ${formatDate(r.toDate)}`,
        status: r.status,
        submittedOn: formatDate(r.submittedAt.slice(0, 10)),
      })),
      showing: found.total === 0 ? '' : `Showing ${first} to ${Math.min(first + PAGE_SIZE - 1, found.total)} of ${found.total}`,
      previousHref: page > 1 ? pageLink(req, page - 1) : undefined,
      nextHref: page * PAGE_SIZE < found.total ? pageLink(req, page + 1) : undefined,
    });
  });
  return router;
}
