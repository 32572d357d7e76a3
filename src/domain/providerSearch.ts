import { DELIVERING_FACILITY_TAXONOMIES } from './deliveringFacilityTaxonomies';
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

/** The line under a provider in search results: plan number, specialty, NPPES taxonomy and address. */
export function providerDetails(p: { planProviderNumber: string | null; specialty: string | null; taxonomyCode?: string | null; address: string | null }): string {
  const taxonomyName = DELIVERING_FACILITY_TAXONOMIES.find((t) => t.code === p.taxonomyCode)?.name;
  const taxonomy = p.taxonomyCode && (taxonomyName ? `${taxonomyName} (taxonomy ${p.taxonomyCode})` : `Taxonomy ${p.taxonomyCode}`);
  return [p.planProviderNumber && `Plan provider number ${p.planProviderNumber}`, p.specialty, taxonomy, p.address].filter(Boolean).join(' · ');
}
