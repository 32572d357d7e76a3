import type { JourneyContext, Step } from './step';

/**
 * A journey's steps in order. The last is its "check your answers" page (or its only page), which is
 * never complete: a journey ends there by submitting.
 */
export class Flow<C extends JourneyContext<S>, S = C['journey']> {
  constructor(readonly steps: readonly Step<C, S>[]) {
    if (steps.length === 0) throw new Error('A flow needs at least one step');
  }

  get first(): Step<C, S> {
    return this.steps[0] as Step<C, S>;
  }

  get last(): Step<C, S> {
    return this.steps[this.steps.length - 1] as Step<C, S>;
  }

  bySlug(slug: string): Step<C, S> | undefined {
    return this.steps.find((s) => s.slug === slug);
  }

  /** The steps a provider passes through, following each step's `next` where it branches. */
  path(journey: S): Step<C, S>[] {
    const path: Step<C, S>[] = [];
    let step: Step<C, S> | undefined = this.first;
    while (step && !path.includes(step)) {
      path.push(step);
      const named: string | undefined = step.next?.(journey);
      step = named ? this.bySlug(named) : this.steps[this.steps.indexOf(step) + 1];
    }
    return path;
  }

  /** The first step not yet answered; the last step once every other is. */
  firstIncomplete(journey: S): Step<C, S> {
    return this.path(journey).find((s) => !s.isComplete(journey)) ?? this.last;
  }

  /** A step can be shown once every step before it on the path is answered; otherwise the first unanswered one is where to go. */
  blockingStep(journey: S, step: Step<C, S>): Step<C, S> | undefined {
    const path = this.path(journey);
    const index = path.indexOf(step);
    if (index === -1) return this.firstIncomplete(journey);
    return path.slice(0, index).find((s) => !s.isComplete(journey));
  }

  previous(journey: S, step: Step<C, S>): Step<C, S> | undefined {
    const path = this.path(journey);
    const index = path.indexOf(step);
    return index > 0 ? path[index - 1] : undefined;
  }
}
