import type { Db } from '../database';
import type { ProviderInformation } from '../../domain/providerInformation';

function toInformation(row: Record<string, unknown>): ProviderInformation {
  return {
    address: row.address as string,
    phone: row.phone as string,
    specialties: String(row.specialties ?? '').split('\n').filter(Boolean),
    acceptingNewPatients: Boolean(row.accepting_new_patients),
    languages: row.languages as string,
    accessibility: row.accessibility as string,
  };
}

export async function findProviderInformation(db: Db, organizationId: number): Promise<ProviderInformation | undefined> {
  const row = await db('provider_information').where({ organization_id: organizationId }).first();
  return row ? toInformation(row) : undefined;
}

/** What the plan's provider directory holds for the office's own NPI: a start for a first confirmation. */
export async function directoryEntryOfOrganization(db: Db, organizationId: number): Promise<{ address: string; taxonomyCode: string | null } | undefined> {
  const row = await db('organizations as o').join('providers as p', 'p.npi', 'o.npi').where('o.id', organizationId).first('p.address', 'p.taxonomy_code');
  return row ? { address: row.address ?? '', taxonomyCode: row.taxonomy_code ?? null } : undefined;
}

export interface Confirmation {
  confirmedAt: string;
  confirmedBy: string;
  changes: string;
}

export async function lastConfirmation(db: Db, organizationId: number): Promise<Confirmation | undefined> {
  const row = await db('provider_information_confirmations as c')
    .join('users as u', 'u.id', 'c.confirmed_by')
    .where('c.organization_id', organizationId)
    .orderBy('c.confirmed_at', 'desc')
    .orderBy('c.id', 'desc')
    .first('c.confirmed_at', 'u.display_name', 'c.changes');
  return row ? { confirmedAt: row.confirmed_at, confirmedBy: row.display_name, changes: row.changes } : undefined;
}

/** Saves the information and records the confirmation (who, when, what changed) in one transaction. */
export async function confirmProviderInformation(db: Db, organizationId: number, info: ProviderInformation, by: number, at: Date, changes: string[]): Promise<void> {
  const columns = {
    address: info.address,
    phone: info.phone,
    specialties: info.specialties.join('\n'),
    accepting_new_patients: info.acceptingNewPatients,
    languages: info.languages,
    accessibility: info.accessibility,
  };
  await db.transaction(async (trx) => {
    await trx('provider_information').insert({ organization_id: organizationId, ...columns }).onConflict('organization_id').merge(columns);
    await trx('provider_information_confirmations').insert({ organization_id: organizationId, confirmed_by: by, confirmed_at: at.toISOString(), changes: changes.join(', ') });
  });
}

export interface OrganizationConfirmation {
  name: string;
  npi: string;
  lastConfirmedAt: string | null;
  confirmedBy: string | null;
}

/** Every provider office with its last confirmation, never-confirmed first, then the oldest first. */
export async function organizationsByLastConfirmation(db: Db): Promise<OrganizationConfirmation[]> {
  const last = db('provider_information_confirmations').groupBy('organization_id').select('organization_id').max({ at: 'confirmed_at' }).as('l');
  const rows = await db('organizations as o')
    .leftJoin(last, 'l.organization_id', 'o.id')
    .leftJoin('provider_information_confirmations as c', (j) => j.on('c.organization_id', 'o.id').andOn('c.confirmed_at', 'l.at'))
    .leftJoin('users as u', 'u.id', 'c.confirmed_by')
    .where('o.kind', 'provider')
    .select('o.name', 'o.npi', 'l.at', 'u.display_name');
  const seen = new Set<string>();
  return rows
    .filter((r) => (seen.has(r.npi) ? false : (seen.add(r.npi), true)))
    .map((r) => ({ name: r.name, npi: r.npi ?? '', lastConfirmedAt: r.at ?? null, confirmedBy: r.display_name ?? null }))
    .sort((a, b) => (a.lastConfirmedAt ?? '').localeCompare(b.lastConfirmedAt ?? '') || a.name.localeCompare(b.name));
}
