/** The address of a step of a request in progress. */
export function stepUrl(journey: { id: string }, step: { slug: string } | string): string {
  return `/prior-auth/${journey.id}/${typeof step === 'string' ? step : step.slug}`;
}
