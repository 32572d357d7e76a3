import type { DecidedOutcome } from '../../domain/lineDecisions';

/** A reviewer's decision on one line, as typed and checked, before it is sent. */
export interface ProposedLineDecision {
  outcome: DecidedOutcome;
  units: number;
  reasonCode: string;
  reasonText: string;
  /** The authorized period, when shorter than the one requested (ISO dates); absent, the period requested. */
  fromDate?: string;
  toDate?: string;
}

/**
 * The plan's decision on a request, in progress (issue 12): a journey of the reviewer's own. It keeps
 * how many decisions each line had when the reviewer opened it (the compare-and-set the decision is
 * sent against) and the decision proposed for each line waiting for the plan.
 */
export interface DecisionJourney {
  requestId: number;
  reference: string;
  /** By line number: the line's decision count when the decision was started. */
  seen: Record<string, number>;
  /** By line number. */
  proposals: Record<string, ProposedLineDecision>;
}
