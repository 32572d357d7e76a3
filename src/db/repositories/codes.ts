import type { Db } from '../database';
import type { CodeRecord, PlaceOfService } from '../../domain/codeFiles';
import type { CodeSystem } from '../../domain/codeFormats';
import { escapeLike } from './providers';

export interface Code {
  system: CodeSystem;
  code: string;
  description: string | null;
  billable: boolean;
}

function toCode(row: Record<string, unknown>): Code {
  return { system: row.system as CodeSystem, code: row.code as string, description: (row.description as string | null) ?? null, billable: Boolean(row.billable) };
}

export const DIAGNOSIS_SYSTEMS: readonly CodeSystem[] = ['ICD10CM'];
export const PROCEDURE_SYSTEMS: readonly CodeSystem[] = ['CPT', 'HCPCS'];

/** The code, typed without the dot and in upper case, in one of the systems; active on the date when given. */
export async function findCode(db: Db, systems: readonly CodeSystem[], compact: string, onDate?: string): Promise<Code | undefined> {
  const query = db('codes').whereIn('system', systems).where('compact', compact).first();
  if (onDate) activeOn(query, onDate);
  const row = await query;
  return row ? toCode(row) : undefined;
}

/** Billable codes under a category (F11.2 -> F11.20, F11.21, ...), for the message that names them. */
export async function billableCodesUnder(db: Db, system: CodeSystem, compactPrefix: string, limit = 3): Promise<Code[]> {
  const rows = await db('codes')
    .where({ system, billable: true })
    .where('compact', 'like', `${escapeLike(compactPrefix)}%`)
    .orderBy('compact')
    .limit(limit);
  return rows.map(toCode);
}

/**
 * Codes by words of their description (every word must appear) or by the start of the code; exact
 * code first, then code prefixes, then description matches. Categories are left out: they cannot be requested.
 */
export async function searchCodes(db: Db, systems: readonly CodeSystem[], text: string, limit = 20, onDate?: string): Promise<Code[]> {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return [];
  const compact = text.trim().toUpperCase().replace(/[.\s]/g, '');
  const query = db('codes')
    .select('*')
    .whereIn('system', systems)
    .where('billable', true)
    .where((w) => {
      w.where('compact', 'like', `${escapeLike(compact)}%`).orWhere((d) => {
        for (const word of words) d.whereRaw("description LIKE ? ESCAPE '\\'", [`%${escapeLike(word)}%`]);
      });
    })
    .orderByRaw('CASE WHEN compact = ? THEN 0 WHEN compact LIKE ? THEN 1 ELSE 2 END, compact', [compact, `${compact}%`])
    .limit(limit);
  if (onDate) activeOn(query, onDate);
  return (await query).map(toCode);
}

function activeOn(query: ReturnType<Db>, date: string): void {
  query.where((w) => w.whereNull('effective_from').orWhere('effective_from', '<=', date));
  query.where((w) => w.whereNull('effective_to').orWhere('effective_to', '>=', date));
}

export async function insertCodes(db: Db, records: readonly CodeRecord[], effectiveFrom: string | null): Promise<void> {
  await db.transaction(async (trx) => {
    const rows = records.map((r) => ({
      system: r.system,
      code: r.code,
      compact: r.compact,
      description: r.description,
      billable: r.billable,
      effective_from: effectiveFrom,
      effective_to: null,
    }));
    // SQLite allows 32766 bound variables a statement; 7 columns a row.
    for (let i = 0; i < rows.length; i += 500) {
      await trx('codes').insert(rows.slice(i, i + 500)).onConflict(['system', 'code']).merge();
    }
  });
}

export async function listPlacesOfService(db: Db): Promise<PlaceOfService[]> {
  return db('places_of_service').select('code', 'name', 'description').orderBy('code');
}

export async function insertPlacesOfService(db: Db, places: readonly PlaceOfService[]): Promise<void> {
  await db('places_of_service').insert([...places]).onConflict('code').merge();
}
