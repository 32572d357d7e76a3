import type { PlanSettings } from '../../config';
import type { DecisionReason } from '../../db/repositories/decisionReasons';
import type { RequestDetail } from '../../db/repositories/requests';
import type { ReconsiderationRecord } from '../../db/repositories/reconsiderations';
import type { JourneyContext, Step as EngineStep } from '../engine/step';
import type { DecisionJourney } from './journey';

/** Every step of a decision is given the request as it is now, the reasons to pick from and the plan's settings. */
export interface DecisionContext extends JourneyContext<DecisionJourney> {
  request: RequestDetail;
  reasons: DecisionReason[];
  plan: PlanSettings;
  now: Date;
  /** The request's reconsiderations waiting for a decision: a different physician decides those lines. */
  reconsiderations: ReconsiderationRecord[];
}

export type DecisionStep = EngineStep<DecisionContext, DecisionJourney>;

/** The lines still waiting for the plan: the ones a decision is made on. */
export function waitingLines(ctx: Pick<DecisionContext, 'request'>): RequestDetail['lines'] {
  return ctx.request.lines.filter((l) => l.status === 'Pended');
}

export const reviewHref = (reference: string) => `/plan/requests/${reference}`;
