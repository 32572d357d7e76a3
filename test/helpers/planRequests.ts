import type { Db } from '../../src/db/database';
import { recordLineDecisions } from '../../src/db/repositories/lineDecisions';
import type { DemoRequest } from '../../src/seed/demoRequests';

/** A standard request received 10 hours before the test's clock: a CPAP (3 units) and a wheelchair (1), both pended for review. */
export const TWO_LINES: DemoRequest = {
  office: 'demo.provider', memberId: '5634024', categoryId: 'durable-medical-equipment', providerNpi: '1678901236', diagnosis: 'M54.50',
  lines: [{ code: 'E0601', system: 'HCPCS', units: 3 }, { code: 'K0001', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 10,
};

/** The same request with its CPAP line only (3 units). */
export const ONE_LINE: DemoRequest = { ...TWO_LINES, lines: [{ code: 'E0601', system: 'HCPCS', units: 3 }] };

/**
 * Records demo.physician's decision on every line of a request, as the review desk would (the desk
 * itself is tested in planDecision): approved in full, or denied with a reason. Returns the id of the
 * decision sent, which is its letter's id.
 */
export async function decideEveryLine(db: Db, reference: string, outcome: 'Approved' | 'Denied', at: Date): Promise<number> {
  const request = await db('auth_requests').where({ reference_number: reference }).first('id', 'authorization_number');
  const physician = await db('users').where({ username: 'demo.physician' }).first('id');
  const lines = await db('request_lines').where({ request_id: request.id }).orderBy('line_number').select('id', 'line_number', 'units', 'from_date', 'to_date', 'decision_count');
  const approved = outcome === 'Approved';
  const result = await recordLineDecisions(
    db,
    lines.map((l) => ({
      seen: l.decision_count,
      decision: {
        requestId: request.id, lineId: l.id, outcome, authorizedUnits: approved ? l.units : null, authorizedFrom: approved ? l.from_date : null, authorizedTo: approved ? l.to_date : null,
        certificationNumber: approved ? `${request.authorization_number}-${l.line_number}` : null, reasonCode: approved ? null : 'not-covered', reasonText: approved ? null : 'Not a benefit of the plan',
        decidedBy: physician.id, decidedByRole: 'physician_reviewer', rulesVersion: null, decidedAt: at.toISOString(),
      },
    })),
  );
  if (result !== 'recorded') throw new Error(`The decision on ${reference} was not recorded: ${result}`);
  const first = await db('line_decisions').where({ request_id: request.id, decided_at: at.toISOString(), decided_by: physician.id }).min<{ id: number }[]>({ id: 'id' }).first();
  return Number(first?.id);
}
