import type { RequestDetail } from '../../db/repositories/requests';
import type { CurrentLine } from '../../domain/authorizationUpdate';
import type { JourneyContext, Step as EngineStep } from '../engine/step';
import type { UpdateJourney } from './journey';

/** Every step of an update is given the version being updated, as it is now. */
export interface UpdateContext extends JourneyContext<UpdateJourney> {
  request: RequestDetail;
}

export type UpdateStep = EngineStep<UpdateContext, UpdateJourney>;

export const requestHref = (reference: string) => `/prior-auth/requests/${reference}`;

/** The version's lines as the domain rules read them. */
export const currentLines = (ctx: Pick<UpdateContext, 'request'>): CurrentLine[] =>
  ctx.request.lines.map((l) => ({ lineNumber: l.lineNumber, code: l.code, units: l.units, fromDate: l.fromDate, toDate: l.toDate, status: l.status }));
