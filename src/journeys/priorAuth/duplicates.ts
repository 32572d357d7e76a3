import type { Db } from '../../db/database';
import { liveLinesFor } from '../../db/repositories/duplicates';
import { duplicateRequests, type Duplicate } from '../../domain/duplicates';
import type { Journey } from './journey';

/** The organization's submitted requests this journey would duplicate (none until its dates are given). */
export async function journeyDuplicates(db: Db, organizationId: number, journey: Journey): Promise<Duplicate[]> {
  const { service, procedures } = journey.answers;
  if (!service) return [];
  const codes = procedures.map((p) => p.code);
  return duplicateRequests({ codes, startDate: service.startDate, endDate: service.endDate }, await liveLinesFor(db, organizationId, journey.memberId, codes));
}
