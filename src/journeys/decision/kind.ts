import type { PlanSettings } from '../../config';
import { listDecisionReasons } from '../../db/repositories/decisionReasons';
import { findRequestForPlan } from '../../db/repositories/requests';
import { listReconsiderations } from '../../db/repositories/reconsiderations';
import { audit } from '../../services/audit';
import type { JourneyKind } from '../engine/journeyKind';
import { Flow } from '../engine/flow';
import type { DecisionJourney } from './journey';
import { reviewHref, type DecisionContext } from './step';
import { linesStep } from './steps/lines';

export const PLAN_DECISION = 'plan-decision';

/** The plan's decision on a request as a journey of the engine: one page of lines, and side steps for information, extension and referral. */
export function decisionKind(plan: PlanSettings, clock: () => Date): JourneyKind<DecisionContext, DecisionJourney> {
  return {
    kind: PLAN_DECISION,
    noun: 'decision',
    flow: new Flow<DecisionContext, DecisionJourney>([linesStep]),
    basePath: '/plan/decisions',
    homeHref: '/plan/queue',
    cancelledAudit: 'decision-discarded',

    async context(db, record, user, req, res) {
      const request = await findRequestForPlan(db, record.state.reference);
      if (!request) return undefined;
      return {
        db, journey: record.state, record, user, request, plan, now: clock(), reasons: await listDecisionReasons(db),
        reconsiderations: (await listReconsiderations(db, request.id)).filter((r) => r.decidedAt === null),
        audit: (action, details) => audit(db, req, res, action, { memberId: request.memberId, referenceNumber: request.referenceNumber, ...details }),
      };
    },

    commonView: (ctx) => ({ journeyId: ctx.record.id }),

    async submitted(_db, _journeyId, _organizationId, record) {
      if (record?.status !== 'submitted' || !record.reference) return undefined;
      return { reference: record.reference, submittedAt: record.submittedAt ?? record.updatedAt, href: reviewHref(record.reference), resultHref: reviewHref(record.reference) };
    },

    async describe(_db, record) {
      return { title: 'Decision', member: '', detail: `Request ${record.state.reference}` };
    },
  };
}
