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
import { findRequestForPlan } from '../db/repositories/requests';
import { findMemberById } from '../db/repositories/members';
import { eligibilityOn, eligibleThroughout } from '../domain/eligibility';
import { formatDate } from '../domain/dates';
import { requestDetailModel } from './requestDetail';
import { sendAttachment } from './attachments';
import { listCategories } from '../db/repositories/coverageRules';
import { decisionJourneyRouter } from '../journeys/decision/router';
import { decisionKind } from '../journeys/decision/kind';
import { lettersRouter } from './letters';

export const QUEUE_PAGE_SIZE = 25;
const REFERENCE = /^\d{9}$/;

/** What the review page says after a decision journey ended (Post/Redirect/Get). */
const SENT_MESSAGES: Record<string, string> = {
  decision: 'Decision sent. The office sees it on the request and on Status.',
  information: 'Information requested. The office sees what is needed on the request.',
  referral: 'Referred to a physician reviewer. The request is back in the queue, unassigned.',
};

/** The queue's filters from the address (a GET form, so a filtered queue can be bookmarked and shared); an unknown category is no filter. */
function filtersFrom(query: Record<string, unknown>, userId: number, categoryIds: readonly string[]): { filters: QueueFilters; values: Record<string, string> } {
  const assigned = textOf(query.assigned);
  const category = textOf(query.category);
  const values = {
    expedited: textOf(query.expedited) === 'yes' ? 'yes' : '',
    overdue: textOf(query.overdue) === 'yes' ? 'yes' : '',
    assigned: assigned === 'me' || assigned === 'nobody' ? assigned : '',
    category: categoryIds.includes(category) ? category : '',
  };
  return {
    values,
    filters: {
      expeditedOnly: values.expedited === 'yes',
      overdueOnly: values.overdue === 'yes',
      assigned: values.assigned === 'me' ? { to: 'me', userId } : values.assigned === 'nobody' ? { to: 'nobody' } : undefined,
      categoryId: values.category || undefined,
    },
  };
}

/** The plan's review desk: the queue of requests waiting for a decision, and "Assign to me". */
export function planRouter(db: Db, plan: PlanSettings, clock: () => Date, uploadDir: string): Router {
  const router = Router();
  router.use('/plan', requirePlanReviewer);
  router.use(decisionJourneyRouter(db, decisionKind(plan, clock)));

  const planRequest = async (reference: string) => (REFERENCE.test(reference) ? findRequestForPlan(db, reference) : undefined);
  router.use(lettersRouter(db, plan, { base: '/plan/requests', find: (_res, reference) => planRequest(reference) }));

  /** The review page: everything the office sent, the clock, who has it, and the way to decide. */
  router.get('/plan/requests/:reference', async (req, res) => {
    const user = currentUser(res);
    const request = await planRequest(String(req.params.reference));
    if (!request) return notFound(req, res);
    await audit(db, req, res, 'request-reviewed', { memberId: request.memberId, referenceNumber: request.referenceNumber, organizationId: user.organizationId });
    const member = await findMemberById(db, request.memberId);
    const span = member ? eligibilityOn(member.eligibility, request.startDate) : undefined;
    const now = clock();
    const left = timeLeft(new Date(request.dueAt), now);
    // A version replaced by an update waits no more: its lines are reviewed in the current version.
    const waiting = request.supersededById === null && request.lines.some((l) => l.status === 'Pended');
    const sent = textOf(req.query.sent);
    res.render('plan/request', {
      title: `Request ${request.referenceNumber}`,
      ...(await requestDetailModel(db, request, `/plan/requests/${request.referenceNumber}`, 'plan')),
      sentMessage: SENT_MESSAGES[sent] && sent === 'information' && textOf(req.query.after) === 'due' ? `${SENT_MESSAGES[sent]} The date you gave is after the decision is due: the decision clock does not stop while you wait.` : SENT_MESSAGES[sent],
      organization: request.organizationName,
      eligibility: span ? `${span.planName}, ${formatDate(span.startDate)} to ${formatDate(span.endDate)}` : 'Not eligible on the start date of service',
      eligibleThroughout: member ? eligibleThroughout(member.eligibility, request.startDate, request.endDate) : false,
      priority: request.priority === 'expedited' ? 'Expedited' : 'Standard',
      expeditedReason: request.expeditedReason,
      due: formatInTimeZone(new Date(request.dueAt), plan.timeZone),
      timeLeft: waiting ? left.words : '',
      overdue: waiting && left.overdue,
      extension: request.extensionDays ? `Extended by ${request.extensionDays} ${request.extensionDays === 1 ? 'day' : 'days'}: ${request.extensionReason ?? ''}` : '',
      assignedTo: request.assignedTo ? (request.assignedTo.id === user.id ? 'You' : request.assignedTo.name) : 'Nobody',
      canAssign: waiting && request.assignedTo === null,
      canDecide: waiting && request.assignedTo?.id === user.id,
      rules: Object.fromEntries(request.lines.map((l) => [l.lineNumber, l.ruleId ?? 'No coverage rule for this code'])),
      assignAction: `/plan/requests/${request.referenceNumber}/assign`,
      decideAction: `/plan/requests/${request.referenceNumber}/decide`,
      returnTo: `/plan/requests/${request.referenceNumber}`,
    });
  });

  router.get('/plan/requests/:reference/attachments/:id', async (req, res) => {
    await sendAttachment(db, uploadDir, req, res, await planRequest(String(req.params.reference)));
  });

  router.get('/plan/queue', async (req, res) => {
    const user = currentUser(res);
    const categories = await listCategories(db);
    const { filters, values } = filtersFrom(req.query as Record<string, unknown>, user.id, categories.map((c) => c.id));
    const pageNumber = Math.max(1, Math.min(10_000, Number.parseInt(textOf(req.query.page), 10) || 1));
    const now = clock();
    const { rows, total } = await listReviewQueue(db, filters, now, { offset: (pageNumber - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE });
    await audit(db, req, res, 'review-queue-viewed', { detail: `page ${pageNumber}, ${rows.length} requests` });
    const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
    const pageHref = (n: number) => `/plan/queue?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)), page: String(n) }).toString()}`;
    res.render('plan/queue', {
      title: 'Review queue',
      values,
      categories: categories.map((c) => ({ value: c.id, text: c.name, selected: c.id === values.category })),
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
          marks: r.version > 1 ? [...r.marks, `Update: version ${r.version}`] : r.marks,
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
