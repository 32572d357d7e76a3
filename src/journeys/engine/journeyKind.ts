import type { Request, Response } from 'express';
import type { Db } from '../../db/database';
import type { AuditAction } from '../../db/repositories/auditLog';
import type { JourneyRecord } from '../../db/repositories/journeys';
import type { UserRecord } from '../../db/repositories/users';
import type { FormState } from '../../validation';
import type { Flow } from './flow';
import type { JourneyContext } from './step';

/** What a submitted journey became, for its addresses to lead there. */
export interface Submitted {
  reference: string;
  submittedAt: string;
  /** The page of what it became ("the request", "the notification"). */
  href: string;
  /** Where a button pressed again on one of its pages leads (the results page). */
  resultHref: string;
}

/**
 * A kind of journey (the prior-authorization request, the newborn notification, ...): its steps, its
 * addresses, and what its pages share. The engine does the rest.
 */
export interface JourneyKind<C extends JourneyContext<S>, S = C['journey']> {
  kind: string;
  /** What the provider calls one: "request", "notification". */
  noun: string;
  flow: Flow<C, S>;
  /** Where the journey's pages live: `${basePath}/${id}/${slug}`. */
  basePath: string;
  /** Where Back from the first step leads, and where to start again. */
  homeHref: string;
  /** The journey's context (its member, say) from its row; undefined when that is gone. */
  context(db: Db, record: JourneyRecord<S>, user: UserRecord, req: Request, res: Response): Promise<C | undefined>;
  /** What every page of the journey shows around its own fields. */
  commonView(ctx: C, form: FormState): Record<string, unknown>;
  /** What a submitted journey became, for any user of its organization; also finds those submitted before journeys had rows. */
  submitted(db: Db, journeyId: string, organizationId: number, record?: JourneyRecord<S>): Promise<Submitted | undefined>;
  /** What the audit log says when one is cancelled or discarded. */
  cancelledAudit: AuditAction;
  /**
   * A post to one that is not in progress (removed after 30 days, or never given out): where to keep
   * what it typed, when the kind can start afresh from a post alone. Without it, the not-found page.
   */
  rescuePost?(db: Db, user: UserRecord, body: Record<string, unknown>, req: Request): Promise<string>;
  /** A short description of one in progress, for the list of requests in progress. */
  describe(db: Db, record: JourneyRecord<S>): Promise<{ title: string; member: string; detail: string }>;
}

export function journeyUrl(kind: Pick<JourneyKind<never>, 'basePath'>, id: string, slug: string): string {
  return `${kind.basePath}/${id}/${slug}`;
}
