import type { CodeRecord, PlaceOfService } from './codeFiles';
import { dayBefore, type IsoDate } from './dates';

/** One release of a code set, as the import names it. */
export interface Release {
  system: string;
  version: string;
  effectiveDate: IsoDate;
  sourceFile: string;
}

export interface ImportCounts {
  rows: number;
  added: number;
  changed: number;
  ended: number;
  reopened: number;
}

/** What every code set's entries have: a key, and the days they are in force (to null: still in force). */
interface Dated {
  code: string;
  effectiveFrom: IsoDate | null;
  effectiveTo: IsoDate | null;
}

/** A code as the database holds it. */
export interface StoredCode extends Dated {
  id: number;
  description: string | null;
  billable: boolean;
}

/** A code as a release says it should be. */
export interface CodeRow extends Dated {
  system: string;
  compact: string;
  description: string | null;
  billable: boolean;
  effectiveFrom: IsoDate;
}

export interface StoredPlace extends Dated {
  name: string;
  description: string;
}

export interface PlaceRow extends Dated {
  name: string;
  description: string;
  effectiveFrom: IsoDate;
}

/** What a release changes: rows to write (added, changed, reopened), entries it ends, on which day. */
export interface ReleasePlan<S extends Dated, W extends Dated> {
  writes: W[];
  ending: S[];
  endOn: IsoDate;
  counts: ImportCounts;
  /** Entries in force (not ended) before the release: what a share of ended entries is a share of. */
  inForce: number;
}

/**
 * Brings a code set in line with a release:
 * - an entry new in the file is added, in force from its own date or the release's;
 * - an entry whose text, flags or dates changed is rewritten (one that had ended and is back is reopened);
 * - an entry the release no longer lists is ended on the day before the release takes effect, never
 *   deleted: submitted requests name it, and it stays valid for dates of service before then;
 * - an entry that is the same is not written at all, so importing the same file twice changes nothing.
 */
function planRelease<S extends Dated, R extends { code: string }, W extends Dated>(
  release: Release,
  stored: readonly S[],
  records: readonly R[],
  toRow: (record: R, before: S | undefined) => W,
  differs: (before: S, row: W) => boolean,
): ReleasePlan<S, W> {
  const byCode = new Map(stored.map((s) => [s.code, s]));
  const counts: ImportCounts = { rows: records.length, added: 0, changed: 0, ended: 0, reopened: 0 };
  const writes: W[] = [];
  const inFile = new Set<string>();
  for (const record of records) {
    const before = byCode.get(record.code);
    const row = toRow(record, before);
    inFile.add(record.code);
    if (!before) {
      counts.added++;
      writes.push(row);
    } else if (differs(before, row)) {
      if (before.effectiveTo !== null && row.effectiveTo === null) counts.reopened++;
      else counts.changed++;
      writes.push(row);
    }
  }
  const ending = stored.filter((s) => !inFile.has(s.code) && s.effectiveTo === null);
  counts.ended = ending.length;
  return { writes, ending, endOn: dayBefore(release.effectiveDate), counts, inForce: stored.filter((s) => s.effectiveTo === null).length };
}

/** A code release against the codes stored for its system; the file's own dates (HCPCS has them) win. */
export function planCodeRelease(release: Release, stored: readonly StoredCode[], records: readonly CodeRecord[]): ReleasePlan<StoredCode, CodeRow> {
  const wrongSystem = records.find((r) => r.system !== release.system);
  if (wrongSystem) throw new Error(`${wrongSystem.code} is a ${wrongSystem.system} code, not ${release.system}`);
  return planRelease(
    release,
    stored,
    records,
    (record, before) => ({
      system: record.system,
      code: record.code,
      compact: record.compact,
      description: record.description,
      billable: record.billable,
      effectiveFrom: record.effectiveFrom ?? before?.effectiveFrom ?? release.effectiveDate,
      effectiveTo: record.effectiveTo ?? null,
    }),
    (before, row) =>
      before.description !== row.description || before.billable !== row.billable || before.effectiveFrom !== row.effectiveFrom || before.effectiveTo !== row.effectiveTo,
  );
}

/** Places of service follow the same rules as codes; the file gives no dates of its own. */
export function planPlacesOfService(release: Release, stored: readonly StoredPlace[], places: readonly PlaceOfService[]): ReleasePlan<StoredPlace, PlaceRow> {
  return planRelease(
    release,
    stored,
    places,
    (place, before) => ({ code: place.code, name: place.name, description: place.description, effectiveFrom: before?.effectiveFrom ?? release.effectiveDate, effectiveTo: null }),
    (before, row) => before.name !== row.name || before.description !== row.description || before.effectiveTo !== null || before.effectiveFrom !== row.effectiveFrom,
  );
}

/**
 * A release that ends more than this share AND more than this number of a code set's entries in force
 * is refused unless the person importing says it is meant. A yearly ICD-10-CM release deletes a few
 * hundred of its ~75,000 codes (well under 5%); a small set such as places of service may change a
 * few of its 50 codes a year, which the count lets through. A file cut short would end the rest.
 */
export const MASS_END = { share: 0.05, count: 50 } as const;

const SET_NAMES: Record<string, string> = { ICD10CM: 'ICD-10-CM', HCPCS: 'HCPCS Level II', CPT: 'CPT', POS: 'place of service' };

/** Why a release may not end this many entries without --allow-mass-end; undefined when it may. */
export function massEndProblem(system: string, plan: { inForce: number; counts: ImportCounts }): string | undefined {
  const ending = plan.counts.ended;
  if (ending <= MASS_END.count || ending <= plan.inForce * MASS_END.share) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  const share = Math.round((ending / plan.inForce) * 100);
  return (
    `This release would end ${n(ending)} of the ${n(plan.inForce)} ${SET_NAMES[system] ?? system} codes in force (${share}%), ` +
    `and a release normally ends at most ${MASS_END.share * 100}% of a code set: the file may be cut short, an extract, or a different code set. ` +
    'If the release really ends them, import it again with --allow-mass-end'
  );
}
