import type { Member } from '../../db/repositories/members';
import type { Flow } from '../engine/flow';
import type { JourneyContext, Step as EngineStep } from '../engine/step';
import type { Journey } from './journey';

/** A step of the request is given the member it is for and the request's flow (for the review's rows). */
export interface StepContext extends JourneyContext<Journey> {
  member: Member;
  flow: Flow<StepContext, Journey>;
}

export type Step = EngineStep<StepContext, Journey>;

export { errorsOutcome, type ActionOutcome } from '../engine/step';
