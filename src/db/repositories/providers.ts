import { importTransaction } from './importLock';
import type { Db } from '../database';
import { isPostgres } from '../dialect';
import { insertedId } from '../results';
import type { ProviderRecord } from '../../domain/providerFiles';
import { recordRelease, PROGRESS_EVERY, type ImportCounts, type Progress, type Release } from './codeSets';

export interface Provider {
  id: number;
  npi: string;
  planProviderNumber: string | null;
  entityType: 'individual' | 'organization';
  name: string;
  specialty: string | null;
  address: string | null;
  /** NUCC code of the primary taxonomy, when loaded from NPPES. */
  taxonomyCode?: string | null;
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
    taxonomyCode: (row.taxonomy_code as string | null) ?? null,
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
      // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE is the same question there.
      query.whereRaw(`name ${isPostgres(db) ? 'ILIKE' : 'LIKE'} ? ESCAPE '\\'`, [`%${escapeLike(word)}%`]);
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
  const id = insertedId(await db('providers').insert({
    npi: provider.npi,
    plan_provider_number: provider.planProviderNumber,
    entity_type: provider.entityType,
    name: provider.name,
    specialty: provider.specialty,
    address: provider.address,
    taxonomy_code: provider.taxonomyCode ?? null,
  }).returning('id'));
  return id;
}

/**
 * Adds or updates providers by NPI from an NPPES file, in one transaction: if the rows throw (a bad
 * row), nothing is kept. The plan's own provider number and specialty are left as they are; a
 * provider missing from the file stays, since a plan often loads an extract (one state, say).
 */
export async function importProviders(db: Db, release: Release, providers: AsyncIterable<ProviderRecord>, onProgress?: Progress): Promise<ImportCounts> {
  return importTransaction(db, async (trx) => {
    const counts: ImportCounts = { rows: 0, added: 0, changed: 0, ended: 0, reopened: 0 };
    let batch: ProviderRecord[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const stored = new Map<string, Record<string, unknown>>();
      for (const row of await trx('providers').whereIn('npi', batch.map((p) => p.npi)).select('npi', 'entity_type', 'name', 'taxonomy_code', 'address')) stored.set(row.npi, row);
      const rows = [];
      for (const p of batch) {
        const before = stored.get(p.npi);
        const row = { npi: p.npi, entity_type: p.entityType, name: p.name, taxonomy_code: p.taxonomyCode, address: p.address };
        if (!before) counts.added++;
        else if (before.entity_type !== row.entity_type || before.name !== row.name || before.taxonomy_code !== row.taxonomy_code || before.address !== row.address) counts.changed++;
        else continue;
        rows.push(row);
      }
      if (rows.length > 0) await trx('providers').insert(rows).onConflict('npi').merge(['entity_type', 'name', 'taxonomy_code', 'address']);
      batch = [];
      inBatch.clear();
    };
    const inBatch = new Set<string>();
    for await (const provider of providers) {
      // The same NPI twice in one file: the later row wins.
      if (inBatch.has(provider.npi)) await flush();
      inBatch.add(provider.npi);
      batch.push(provider);
      counts.rows++;
      if (batch.length >= 1000) await flush();
      if (onProgress && counts.rows % PROGRESS_EVERY === 0) await onProgress(counts.rows, 0);
    }
    await flush();
    await recordRelease(trx, release, counts);
    return counts;
  });
}
