import { Router } from 'express';
import type { PlanSettings } from '../config';
import type { Db } from '../db/database';
import { assignRequest, findRequestIdForPlan, listReviewQueue, type QueueFilters } from '../db/repositories/reviewQueue';
import { formatInTimeZone, timeLeft } from '../domain/reviewClock';
import { requirePlanReviewer } from '../middleware/planAccess';
import { currentUser } from '../middleware/signIn';
import { notFound } from '../middleware/errors';
import { audit } from '../services/audit';
import { textOf } from '../validation';

export const QUEUE_PAGE_SIZE = 25;
const REFERENCE = /^\d{9}$/;

/** The queue's filters from the address (a GET form, so a filtered queue can be bookmarked and shared). */
function filtersFrom(query: Record<string, unknown>, userId: number): { filters: QueueFilters; values: Record<string, string> } {
  const assigned = textOf(query.assigned);
  const values = { expedited: textOf(query.expedited) === 'yes' ? 'yes' : '', overdue: textOf(query.overdue) === 'yes' ? 'yes' : '', assigned: assigned === 'me' || assigned === 'nobody' ? assigned : '' };
  return {
    values,
    filters: {
      expeditedOnly: values.expedited === 'yes',
      overdueOnly: values.overdue === 'yes',
      assigned: values.assigned === 'me' ? { to: 'me', userId } : values.assigned === 'nobody' ? { to: 'nobody' } : undefined,
    },
  };
}

/** The plan's review desk: the queue of requests waiting for a decision, and "Assign to me". */
export function planRouter(db: Db, plan: PlanSettings, clock: () => Date): Router {
  const router = Router();
  router.use('/plan', requirePlanReviewer);

  router.get('/plan/queue', async (req, res) => {
    const user = currentUser(res);
    const { filters, values } = filtersFrom(req.query as Record<string, unknown>, user.id);
    const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(textOf(req.query.page), 10) || 1));
    const now = clock();
    const { rows, total } = await listReviewQueue(db, filters, now, { offset: (pageNumber - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE });
    await audit(db, req, res, 'review-queue-viewed', { detail: `page ${pageNumber}, ${rows.length} requests` });
    const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
    const pageHref = (n: number) => `/plan/queue?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)), page: String(n) }).toString()}`;
    res.render('plan/queue', {
      title: 'Review queue',
      values,
      total,
      pageNumber,
      pages,
      previousHref: pageNumber > 1 ? pageHref(pageNumber - 1) : undefined,
      nextHref: pageNumber < pages ? pageHref(pageNumber + 1) : undefined,
      returnTo: req.originalUrl,
      timeZone: plan.timeZone,
      requests: rows.map((r) => {
        const left = timeLeft(new Date(r.dueAt), now);
        return {
          reference: r.referenceNumber,
          href: `/plan/requests/${r.referenceNumber}`,
          member: `${r.member.firstName} ${r.member.lastName}`,
          memberId: r.member.memberId,
          organization: r.organizationName,
          codes: r.codes.join(', '),
          priority: r.priority === 'expedited' ? 'Expedited' : 'Standard',
          due: formatInTimeZone(new Date(r.dueAt), plan.timeZone),
          timeLeft: left.words,
          overdue: left.overdue,
          assignedTo: r.assignedTo ? (r.assignedTo.id === user.id ? 'You' : r.assignedTo.name) : 'Nobody',
          canAssign: r.assignedTo === null,
          assignAction: `/plan/requests/${r.referenceNumber}/assign`,
        };
      }),
    });
  });

  router.post('/plan/requests/:reference/assign', async (req, res) => {
    const user = currentUser(res);
    const reference = String(req.params.reference);
    const found = REFERENCE.test(reference) ? await findRequestIdForPlan(db, reference) : undefined;
    if (!found) return notFound(req, res);
    const result = await assignRequest(db, found.id, user.id, clock());
    if (result === 'assigned') await audit(db, req, res, 'request-assigned', { memberId: found.memberId, referenceNumber: reference, organizationId: user.organizationId });
    req.session.flash =
      result === 'assigned' ? `Request ${reference} is assigned to you.` : result === 'already-yours' ? `Request ${reference} was already assigned to you.` : typeof result === 'object' ? `Request ${reference} was assigned to ${result.takenBy} first: it is theirs to decide.` : undefined;
    // Back to where the button was (the queue with its filters, or the request), never another site.
    const back = textOf(req.body.returnTo);
    res.redirect(303, back.startsWith('/plan/') ? back : `/plan/requests/${reference}`);
  });

  return router;
}
