import { isValidNpi } from './npi';

/**
 * What is wrong with a provider search before it is run (the request wizard's servicing provider and
 * the newborn notification's facility use the same words), or undefined when it can run.
 */
export function providerSearchProblem(query: string): string | undefined {
  if (query === '') return "Enter the provider's NPI, plan provider number or name";
  if (query.length > 100) return 'Provider search must be 100 characters or fewer';
  if (/^\d{10}$/.test(query) && !isValidNpi(query)) return `${query} is not a valid NPI: check the digits`;
  if (/^\d+$/.test(query) && query.length !== 10) return 'An NPI has 10 digits';
  return undefined;
}

export function noProvidersMatch(query: string): string {
  return `No providers match "${query}". Search by NPI, plan provider number (like PRV100001) or name`;
}
