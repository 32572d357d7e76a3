import type { Db } from '../db/database';
import { recordLineDecisions, type NewLineDecision } from '../db/repositories/lineDecisions';
import { insertMessage } from '../db/repositories/requestMessages';
import { raiseNotice } from '../db/repositories/notices';
import { insertSubmittedRequest, nextCounterValue, type NewRequestLine } from '../db/repositories/requestSubmission';
import { certificationNumber } from '../domain/lineDecisions';
import { formatAuthorizationNumber, newReferenceNumber } from '../domain/referenceNumbers';
import { decisionDue, type Priority } from '../domain/reviewClock';

const HOUR = 3_600_000;
/** Fictional (.example is reserved for examples, RFC 2606). */
const DEMO_CONTACT_EMAIL = 'frontdesk@northside.example';

export interface DemoRequest {
  office: string;
  memberId: string;
  categoryId: string;
  providerNpi: string;
  diagnosis: string;
  lines: { code: string; system: 'CPT' | 'HCPCS'; units: number }[];
  priority: Priority;
  expeditedReason?: string;
  /** How long before the seed it was received. */
  hoursAgo: number;
  /** The office's contact e-mail on the request, where notices are sent. */
  contactEmail?: string;
}

/**
 * A few requests submitted to the plan, so that the review desk is not empty on first start (the
 * README lists them): a standard one pended for review, an expedited one nearly due, and one the
 * physician reviewer decided (one line approved, one denied with its reason). Times are relative to
 * the moment of seeding. Each goes through the same writes as a submitted request and a decision.
 */
export async function seedDemoRequests(db: Db, now = new Date()): Promise<string[]> {
  const demo: DemoRequest[] = [
    { office: 'demo.provider', memberId: '5634026', categoryId: 'durable-medical-equipment', providerNpi: '1456789019', diagnosis: 'G47.33', lines: [{ code: 'E0470', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 30, contactEmail: DEMO_CONTACT_EMAIL },
    {
      office: 'demo.provider2', memberId: '5634024', categoryId: 'sleep-studies', providerNpi: '1456789019', diagnosis: 'G47.33', lines: [{ code: '95810', system: 'CPT', units: 1 }],
      priority: 'expedited', expeditedReason: 'Witnessed apneas with oxygen saturation below 80% at night; the member drives for work.', hoursAgo: 69,
    },
    {
      office: 'demo.provider', memberId: '5634024', categoryId: 'durable-medical-equipment', providerNpi: '1678901236', diagnosis: 'M54.50',
      lines: [{ code: 'E0601', system: 'HCPCS', units: 1 }, { code: 'K0001', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 100, contactEmail: DEMO_CONTACT_EMAIL,
    },
    { office: 'demo.provider', memberId: '5634026', categoryId: 'durable-medical-equipment', providerNpi: '1456789019', diagnosis: 'G47.33', lines: [{ code: 'E0471', system: 'HCPCS', units: 1 }], priority: 'standard', hoursAgo: 50, contactEmail: DEMO_CONTACT_EMAIL },
  ];
  const references: string[] = [];
  for (const d of demo) references.push(await insertDemoRequest(db, d, now));

  // The third was decided by the physician reviewer: the CPAP approved, the wheelchair denied.
  const decided = references[2];
  const physician = await db('users').where({ username: 'demo.physician' }).first('id');
  if (decided && physician) {
    const request = await db('auth_requests').where({ reference_number: decided }).first('id', 'authorization_number', 'organization_id');
    const requestLines = await db('request_lines').where({ request_id: request.id }).orderBy('line_number').select('id', 'line_number', 'units', 'from_date', 'to_date', 'decision_count');
    const decidedAt = new Date(now.getTime() - 20 * HOUR).toISOString();
    const decisions = requestLines.map((l): { decision: NewLineDecision; seen: number } => {
      const approve = l.line_number === 1;
      return {
        decision: {
          requestId: request.id, lineId: l.id, outcome: approve ? 'Approved' : 'Denied', authorizedUnits: approve ? l.units : null,
          authorizedFrom: approve ? l.from_date : null, authorizedTo: approve ? l.to_date : null,
          certificationNumber: approve ? certificationNumber(request.authorization_number, l.line_number) : null,
          reasonCode: approve ? null : 'documentation-insufficient',
          reasonText: approve ? null : 'The notes sent do not show that the member cannot walk short distances with a cane or walker (criterion 2 of the wheelchair rule).',
          decidedBy: physician.id, decidedByRole: 'physician_reviewer' as const, rulesVersion: null, decidedAt,
        },
        seen: l.decision_count as number,
      };
    });
    // The office was told, as for any decision: its notice, and the e-mail (kept in the outbox without SMTP_URL).
    await recordLineDecisions(db, decisions, (trx) => raiseNotice(trx, { organizationId: request.organization_id, requestId: request.id, kind: 'decision', at: decidedAt }).then(() => undefined));
  }

  // The fourth waits for the office: demo.nurse asked for the sleep study report, to be sent within 3 days.
  const asked = references[3];
  const nurse = await db('users').where({ username: 'demo.nurse' }).first('id');
  if (asked && nurse) {
    const request = await db('auth_requests').where({ reference_number: asked }).first('id', 'organization_id');
    const requestLines = await db('request_lines').where({ request_id: request.id }).orderBy('line_number').select('id', 'decision_count');
    const askedAt = new Date(now.getTime() - 2 * HOUR);
    const respondBy = new Date(now.getTime() + 3 * 24 * HOUR).toISOString().slice(0, 10);
    const decisions = requestLines.map((l): { decision: NewLineDecision; seen: number } => ({
      decision: {
        requestId: request.id, lineId: l.id, outcome: 'Information requested', authorizedUnits: null, authorizedFrom: null, authorizedTo: null, certificationNumber: null,
        reasonCode: null, reasonText: INFORMATION_NEEDED, decidedBy: nurse.id, decidedByRole: 'clinical_reviewer' as const, rulesVersion: null, decidedAt: askedAt.toISOString(),
      },
      seen: l.decision_count as number,
    }));
    await recordLineDecisions(db, decisions, async (trx) => {
      await insertMessage(trx, { requestId: request.id, authorId: nurse.id, authorSide: 'plan', kind: 'information-request', body: INFORMATION_NEEDED, respondBy, createdAt: askedAt.toISOString() });
      await raiseNotice(trx, { organizationId: request.organization_id, requestId: request.id, kind: 'information-requested', at: askedAt.toISOString() });
    });
  }
  return references;
}

const INFORMATION_NEEDED = 'The report of the in-lab sleep study (polysomnography) with the apnea-hypopnea index, and the last office note.';

/** One request as received by the plan `hoursAgo` before `now`, every line pended; its reference number. */
export async function insertDemoRequest(db: Db, d: DemoRequest, now = new Date()): Promise<string> {
  const user = await db('users').where({ username: d.office }).first('id', 'organization_id');
  const member = await db('members').where({ member_id: d.memberId }).first('id');
  const provider = await db('providers').where({ npi: d.providerNpi }).first('id');
  const category = await db('service_categories').where({ id: d.categoryId }).first('care_setting', 'name');
  if (!user || !member || !provider || !category) throw new Error(`The demo data has no ${d.office}, member ${d.memberId}, NPI ${d.providerNpi} or category ${d.categoryId}`);
  const receivedAt = new Date(now.getTime() - d.hoursAgo * HOUR);
  const date = receivedAt.toISOString().slice(0, 10);
  const lines: NewRequestLine[] = d.lines.map((l, i) => ({ lineNumber: i + 1, code: l.code, codeSystem: l.system, units: l.units, fromDate: date, toDate: date, ruleId: null, status: 'Pended', authorizedUnits: null, authorizedDate: null }));
  const authorizationNumber = formatAuthorizationNumber(await nextCounterValue(db, 'authorization-number', 1950));
  return insertSubmittedRequest(
    db,
    {
      journeyId: `demo-${authorizationNumber}`, authorizationNumber, organizationId: user.organization_id, submittedBy: user.id, memberId: member.id,
      careSetting: category.care_setting, categoryId: d.categoryId, requestType: category.name, servicingProviderId: provider.id,
      startDate: date, endDate: date, treatmentType: 'Durable medical equipment', placeOfService: '11',
      contactName: 'Pat Office', contactPhone: '(312) 555-0142', contactPhoneExt: null, contactFax: '(312) 555-0143', contactEmail: d.contactEmail ?? null,
      status: 'Pended', submittedAt: receivedAt.toISOString(), priority: d.priority, expeditedReason: d.expeditedReason ?? null,
      dueAt: decisionDue(receivedAt, d.priority).toISOString(), diagnoses: [d.diagnosis], lines,
    },
    () => newReferenceNumber(),
  );
}
