import { Flow } from '../engine/flow';
import type { Journey } from './journey';
import type { Step, StepContext } from './step';
import { careSettingStep } from './steps/careSetting';
import { servicingProviderStep } from './steps/servicingProvider';
import { serviceDetailsStep } from './steps/serviceDetails';
import { diagnosesStep } from './steps/diagnoses';
import { proceduresStep } from './steps/procedures';
import { contactStep } from './steps/contact';
import { reviewStep } from './steps/review';

/** The request's steps, in order. The review ("Authorization Request") is last and never "complete". */
export const requestSteps: readonly Step[] = [careSettingStep, servicingProviderStep, serviceDetailsStep, diagnosesStep, proceduresStep, contactStep, reviewStep];

export const requestFlow = (steps: readonly Step[] = requestSteps) => new Flow<StepContext, Journey>(steps);

export const firstStepSlug = careSettingStep.slug;

export { stepUrl } from './urls';
