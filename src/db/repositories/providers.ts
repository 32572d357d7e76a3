import type { Db } from '../database';

export interface Provider {
  id: number;
  npi: string;
  planProviderNumber: string | null;
  entityType: 'individual' | 'organization';
  name: string;
  specialty: string | null;
  address: string | null;
}

function toProvider(row: Record<string, unknown>): Provider {
  return {
    id: row.id as number,
    npi: row.npi as string,
    planProviderNumber: (row.plan_provider_number as string | null) ?? null,
    entityType: row.entity_type as Provider['entityType'],
    name: row.name as string,
    specialty: (row.specialty as string | null) ?? null,
    address: (row.address as string | null) ?? null,
  };
}

/** By NPI or plan provider number (exact), or by words of the name (each word anywhere in it). */
export async function searchProviders(db: Db, text: string, limit = 20): Promise<Provider[]> {
  const q = text.trim();
  const query = db('providers').select('*').orderBy('name').limit(limit);
  if (/^\d{10}$/.test(q)) {
    query.where('npi', q);
  } else if (/^PRV\d+$/i.test(q)) {
    query.where('plan_provider_number', q.toUpperCase());
  } else {
    for (const word of q.split(/\s+/).filter(Boolean)) {
      query.whereRaw("name LIKE ? ESCAPE '\\'", [`%${escapeLike(word)}%`]);
    }
  }
  return (await query).map(toProvider);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function findProviderById(db: Db, id: number): Promise<Provider | undefined> {
  const row = await db('providers').where({ id }).first();
  return row ? toProvider(row) : undefined;
}

export async function insertProvider(db: Db, provider: Omit<Provider, 'id'>): Promise<number> {
  const [id] = await db('providers').insert({
    npi: provider.npi,
    plan_provider_number: provider.planProviderNumber,
    entity_type: provider.entityType,
    name: provider.name,
    specialty: provider.specialty,
    address: provider.address,
  });
  return id as number;
}
