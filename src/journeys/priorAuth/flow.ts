import type { Journey } from './journey';
import type { Step } from './step';
import { careSettingStep } from './steps/careSetting';
import { servicingProviderStep } from './steps/servicingProvider';
import { serviceDetailsStep } from './steps/serviceDetails';
import { diagnosesStep } from './steps/diagnoses';
import { proceduresStep } from './steps/procedures';
import { contactStep } from './steps/contact';
import { reviewStep } from './steps/review';

/** The request wizard, in order. The review ("Authorization Request") is last and never "complete". */
export const steps: readonly Step[] = [careSettingStep, servicingProviderStep, serviceDetailsStep, diagnosesStep, proceduresStep, contactStep, reviewStep];

export const firstStepSlug = careSettingStep.slug;

export function stepBySlug(slug: string): Step | undefined {
  return steps.find((s) => s.slug === slug);
}

/** The first step not yet answered; the review once every step is. */
export function firstIncompleteStep(journey: Journey): Step {
  return steps.find((s) => !s.isComplete(journey)) ?? reviewStep;
}

/** A step can be shown once every step before it is answered; otherwise the first unanswered one is where to go. */
export function redirectIfUnreachable(journey: Journey, step: Step): Step | undefined {
  const index = steps.indexOf(step);
  const blocking = steps.slice(0, index).find((s) => !s.isComplete(journey));
  return blocking;
}

export function previousStep(step: Step): Step | undefined {
  const index = steps.indexOf(step);
  return index > 0 ? steps[index - 1] : undefined;
}

export { stepUrl } from './urls';
