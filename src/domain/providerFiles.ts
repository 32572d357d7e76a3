import { isValidNpi } from './npi';

/**
 * Rows of the NPPES "npidata_pfile" (the CMS monthly file of every NPI), read by column name so that
 * an extract with fewer columns, or a future layout with more, reads the same. Entity type 1 is an
 * individual, 2 an organization; a row with no entity type is a deactivated NPI and is skipped.
 */
export interface ProviderRecord {
  npi: string;
  entityType: 'individual' | 'organization';
  name: string;
  /** NUCC taxonomy code of the primary taxonomy (the one whose switch is Y, else the first). */
  taxonomyCode: string | null;
  /** Practice location: "100 Main Street, Springfield, IL 62701". */
  address: string | null;
}

export type NppesRow = { kind: 'provider'; provider: ProviderRecord } | { kind: 'deactivated' } | { kind: 'error'; message: string };

export const NPPES_COLUMNS = {
  npi: 'NPI',
  entityType: 'Entity Type Code',
  organizationName: 'Provider Organization Name (Legal Business Name)',
  lastName: 'Provider Last Name (Legal Name)',
  firstName: 'Provider First Name',
  middleName: 'Provider Middle Name',
  suffix: 'Provider Name Suffix Text',
  credential: 'Provider Credential Text',
  address1: 'Provider First Line Business Practice Location Address',
  address2: 'Provider Second Line Business Practice Location Address',
  city: 'Provider Business Practice Location Address City Name',
  state: 'Provider Business Practice Location Address State Name',
  postalCode: 'Provider Business Practice Location Address Postal Code',
} as const;

/** The header names a file must have to be read as NPPES data; an error message names the first missing. */
export function missingNppesColumns(header: readonly string[]): string[] {
  const required = [NPPES_COLUMNS.npi, NPPES_COLUMNS.entityType, NPPES_COLUMNS.organizationName, NPPES_COLUMNS.lastName, NPPES_COLUMNS.firstName, 'Healthcare Provider Taxonomy Code_1'];
  return required.filter((c) => !header.includes(c));
}

/** One data row, as a record keyed by the header's column names. */
export function readNppesRow(row: Record<string, string | undefined>): NppesRow {
  const get = (column: string) => (row[column] ?? '').trim();
  const npi = get(NPPES_COLUMNS.npi);
  if (!/^\d{10}$/.test(npi)) return { kind: 'error', message: `"${npi}" is not an NPI: an NPI has 10 digits` };
  if (!isValidNpi(npi)) return { kind: 'error', message: `${npi} is not a valid NPI: its check digit is wrong` };
  const type = get(NPPES_COLUMNS.entityType);
  if (type === '') return { kind: 'deactivated' };
  if (type !== '1' && type !== '2') return { kind: 'error', message: `NPI ${npi} has entity type "${type}": it must be 1 (individual) or 2 (organization)` };

  let name: string;
  if (type === '2') {
    name = get(NPPES_COLUMNS.organizationName);
    if (!name) return { kind: 'error', message: `NPI ${npi} is an organization with no organization name` };
  } else {
    const last = get(NPPES_COLUMNS.lastName);
    if (!last) return { kind: 'error', message: `NPI ${npi} is an individual with no last name` };
    const person = [get(NPPES_COLUMNS.firstName), get(NPPES_COLUMNS.middleName), last, get(NPPES_COLUMNS.suffix)].filter(Boolean).join(' ');
    const credential = get(NPPES_COLUMNS.credential);
    name = credential ? `${person}, ${credential}` : person;
  }

  return {
    kind: 'provider',
    provider: { npi, entityType: type === '2' ? 'organization' : 'individual', name, taxonomyCode: primaryTaxonomy(get), address: practiceAddress(get) },
  };
}

/** NPPES lists up to 15 taxonomies; the primary one has its switch set to Y. */
function primaryTaxonomy(get: (column: string) => string): string | null {
  let first: string | null = null;
  for (let i = 1; i <= 15; i++) {
    const code = get(`Healthcare Provider Taxonomy Code_${i}`);
    if (!code) continue;
    if (get(`Healthcare Provider Primary Taxonomy Switch_${i}`).toUpperCase() === 'Y') return code;
    first ??= code;
  }
  return first;
}

function practiceAddress(get: (column: string) => string): string | null {
  const zip = get(NPPES_COLUMNS.postalCode);
  const postal = /^\d{9}$/.test(zip) ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip;
  const cityLine = [get(NPPES_COLUMNS.state), postal].filter(Boolean).join(' ');
  const parts = [get(NPPES_COLUMNS.address1), get(NPPES_COLUMNS.address2), get(NPPES_COLUMNS.city), cityLine].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}
