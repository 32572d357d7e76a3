import type { Journey } from './journey';

export function stepUrl(journey: Pick<Journey, 'id'>, step: { slug: string } | string): string {
  return `/prior-auth/${journey.id}/${typeof step === 'string' ? step : step.slug}`;
}
