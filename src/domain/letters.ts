import { formatDate, type IsoDate } from './dates';
import { reconsiderationDeadline, RECONSIDERATION_DAYS, type LineOutcome, type ReviewerRole } from './lineDecisions';
import { dateInTimeZone } from './reviewClock';
import { REVIEWER_ROLE_NAMES } from './roles';

/**
 * What the plan sends when it decides: the decision letter to the office and, for a denial or a
 * partial approval, the member's notice. Both are a LetterDocument, plain data that one page template
 * and one PDF writer render, so the page and the PDF can never say different things.
 */
export interface Fact {
  term: string;
  value: string;
}

export interface LetterItem {
  heading: string;
  facts: Fact[];
}

export interface LetterSection {
  heading: string;
  paragraphs: string[];
  items: LetterItem[];
}

export interface LetterDocument {
  title: string;
  /** The PDF's file name when downloaded. */
  fileName: string;
  from: { name: string; address: string; phone: string };
  /** The date of the decision, in the plan's time zone (MM/DD/YYYY). */
  date: string;
  facts: Fact[];
  sections: LetterSection[];
}

/** A line's recorded decision, as a letter needs it (the office never sees the reviewer's name). */
export interface SentDecision {
  id: number;
  lineNumber: number;
  outcome: LineOutcome;
  authorizedUnits: number | null;
  authorizedFrom: IsoDate | null;
  authorizedTo: IsoDate | null;
  certificationNumber: string | null;
  reasonCode: string | null;
  /** OpenPA's plain words for the reason code. */
  reasonCodeText: string | null;
  reasonText: string | null;
  decidedBy: number | null;
  decidedByRole: ReviewerRole | 'coverage-rules';
  /** ISO instant. */
  decidedAt: string;
}

/**
 * One decision sent: the lines one reviewer (or the coverage rules, at submit) decided at one time.
 * Its id is its first line decision's, so its address never changes.
 */
export interface DecisionSent {
  id: number;
  decidedAt: string;
  decidedByRole: SentDecision['decidedByRole'];
  decisions: SentDecision[];
  /** A line denied or approved in part: the member gets a notice, and the office may ask for reconsideration. */
  adverse: boolean;
}

/** The outcomes a letter tells; Pended and Information requested are not decisions. */
const DECIDED: ReadonlySet<LineOutcome> = new Set<LineOutcome>(['Approved', 'Partially approved', 'Denied', 'No authorization required']);

export const isAdverse = (outcome: LineOutcome) => outcome === 'Denied' || outcome === 'Partially approved';

/** A line decision as recorded on a request; carriedFrom: the earlier version that recorded it, when an update carried it over unchanged. */
export type RecordedDecision = Omit<SentDecision, 'decidedByRole'> & { decidedByRole: SentDecision['decidedByRole'] | 'office'; carriedFrom?: CarriedFrom | null };

/** The version of an authorization that recorded a decision (issue 14). */
export interface CarriedFrom {
  version: number;
  referenceNumber: string;
}

/**
 * The decisions sent on a request, oldest first, from its line decisions (any order). A decision an
 * update carried over unchanged is not sent again: its letter is the earlier version's.
 */
export function decisionsSent(decisions: readonly RecordedDecision[]): DecisionSent[] {
  return batchesOf(decisions.filter((d) => !d.carriedFrom));
}

/** The earlier versions whose letters record the decisions this version carries unchanged, oldest first. */
export function earlierLetterVersions(decisions: readonly RecordedDecision[]): CarriedFrom[] {
  const versions = new Map<number, CarriedFrom>();
  for (const batch of batchesOf(decisions.filter((d) => d.carriedFrom))) {
    for (const d of batch.decisions) {
      const from = decisions.find((c) => c.id === d.id)?.carriedFrom;
      if (from) versions.set(from.version, from);
    }
  }
  return [...versions.values()].sort((a, b) => a.version - b.version);
}

function batchesOf(decisions: readonly RecordedDecision[]): DecisionSent[] {
  const batches = new Map<string, DecisionSent>();
  for (const line of [...decisions].sort((a, b) => a.id - b.id)) {
    // The office's own decisions (a withdrawal: Cancelled) are not the plan's to tell.
    const role = line.decidedByRole;
    if (!DECIDED.has(line.outcome) || role === 'office') continue;
    const d: SentDecision = { ...line, decidedByRole: role };
    const key = `${d.decidedAt}|${d.decidedByRole}|${d.decidedBy ?? ''}`;
    const batch = batches.get(key) ?? { id: d.id, decidedAt: d.decidedAt, decidedByRole: d.decidedByRole, decisions: [], adverse: false };
    batch.decisions.push(d);
    batch.adverse ||= isAdverse(d.outcome);
    batches.set(key, batch);
  }
  return [...batches.values()];
}

/** What was asked on a line. */
export interface AskedLine {
  lineNumber: number;
  code: string;
  description: string | null;
  units: number;
  fromDate: IsoDate;
  toDate: IsoDate;
}

/** Everything a letter is built from. */
export interface LetterFacts {
  plan: { name: string; address: string; phone: string; timeZone: string };
  request: {
    referenceNumber: string;
    authorizationNumber: string;
    organizationName: string;
    servicingProvider: { name: string; npi: string };
    member: { firstName: string; lastName: string; memberId: string; dateOfBirth: IsoDate };
    /** ISO instant. */
    submittedAt: string;
    lines: AskedLine[];
  };
  sent: DecisionSent;
  /** Days the office and the member have to ask for reconsideration (a plan setting). */
  reconsiderationDays?: number;
}

/** Who decided, as the office and the member may read it: a role, never a name. */
export function deciderName(role: DecisionSent['decidedByRole']): string {
  return role === 'coverage-rules' ? 'The coverage rules (automatic)' : REVIEWER_ROLE_NAMES[role];
}

const units = (n: number) => `${n} ${n === 1 ? 'unit' : 'units'}`;
const period = (from: IsoDate, to: IsoDate) => `${formatDate(from)} to ${formatDate(to)}`;

/** The date of the decision in the plan's time zone, and the last day to ask for reconsideration. */
export function decisionDates(facts: LetterFacts): { decidedOn: IsoDate; deadline: IsoDate } {
  const decidedOn = dateInTimeZone(new Date(facts.sent.decidedAt), facts.plan.timeZone);
  return { decidedOn, deadline: reconsiderationDeadline(decidedOn, facts.reconsiderationDays ?? RECONSIDERATION_DAYS) };
}

/** What every letter opens with: its title, the plan's letterhead, the decision's date, and its PDF's name. */
export function letterHead(facts: LetterFacts, title: string, kind: 'decision-letter' | 'member-notice'): Pick<LetterDocument, 'title' | 'fileName' | 'from' | 'date'> {
  const { plan } = facts;
  return { title, fileName: `${kind}-${facts.request.referenceNumber}-${facts.sent.id}.pdf`, from: { name: plan.name, address: plan.address, phone: plan.phone }, date: formatDate(decisionDates(facts).decidedOn) };
}

/** The decided lines with what was asked on each. */
export function decidedLines(facts: LetterFacts): { asked: AskedLine; decision: SentDecision }[] {
  return facts.sent.decisions.flatMap((decision) => {
    const asked = facts.request.lines.find((l) => l.lineNumber === decision.lineNumber);
    return asked ? [{ asked, decision }] : [];
  });
}

/** The decision letter to the provider office, for any decision sent. */
export function decisionLetter(facts: LetterFacts): LetterDocument {
  const { request, plan, sent } = facts;
  const { decidedOn, deadline } = decisionDates(facts);
  const days = facts.reconsiderationDays ?? RECONSIDERATION_DAYS;
  const member = request.member;
  const items = decidedLines(facts).map(({ asked, decision: d }): LetterItem => {
    const lineFacts: Fact[] = [
      { term: 'Requested', value: `${units(asked.units)}, ${period(asked.fromDate, asked.toDate)}` },
      { term: 'Outcome', value: d.outcome },
    ];
    if (d.authorizedUnits !== null) lineFacts.push({ term: 'Authorized units', value: String(d.authorizedUnits) });
    if (d.authorizedFrom && d.authorizedTo) lineFacts.push({ term: 'Authorized period', value: period(d.authorizedFrom, d.authorizedTo) });
    if (d.certificationNumber) lineFacts.push({ term: 'Certification number', value: d.certificationNumber });
    if (isAdverse(d.outcome)) {
      lineFacts.push({ term: 'Reason', value: d.reasonCodeText ?? d.reasonCode ?? 'Not given' });
      lineFacts.push({ term: 'Specific reason', value: d.reasonText ?? 'Not given' });
    }
    return { heading: `Line ${asked.lineNumber}: ${asked.code}${asked.description ? ` ${asked.description}` : ''}`, facts: lineFacts };
  });
  const sections: LetterSection[] = [
    {
      heading: 'Decision',
      paragraphs: [
        `${sent.decidedByRole === 'coverage-rules' ? 'The coverage rules (automatic)' : `A ${deciderName(sent.decidedByRole).toLowerCase()} of ${plan.name}`} decided ${items.length === 1 ? 'the service line below' : `the ${items.length} service lines below`} on ${formatDate(decidedOn)}.`,
      ],
      items,
    },
  ];
  if (sent.adverse) {
    sections.push({
      heading: 'Your right to ask for reconsideration',
      paragraphs: [
        `You may ask for reconsideration of a line that was denied or approved in part, until ${formatDate(deadline)} (${days} days from the date of this decision).`,
        'A physician reviewer who did not make this decision decides the reconsideration, within the same timeframes as a new request: 72 hours when expedited, 7 calendar days when standard.',
        `How to ask: from the request's page in the portal (open request ${request.referenceNumber}), or by phone at ${plan.phone}. Send any clinical information that supports the request.`,
      ],
      items: [],
    });
  }
  sections.push({
    heading: 'Questions',
    paragraphs: [
      'An authorization is not a guarantee of payment: payment depends on the member\'s eligibility on the date of service, the member\'s benefits and the plan\'s claims rules.',
      `Call ${plan.name} at ${plan.phone}, and give the reference number ${request.referenceNumber}.`,
    ],
    items: [],
  });
  return {
    ...letterHead(facts, 'Prior authorization decision', 'decision-letter'),
    facts: [
      { term: 'To', value: request.organizationName },
      { term: 'Servicing provider', value: `${request.servicingProvider.name} (NPI ${request.servicingProvider.npi})` },
      { term: 'Member', value: `${member.firstName} ${member.lastName}` },
      { term: 'Member ID', value: member.memberId },
      { term: 'Date of birth', value: formatDate(member.dateOfBirth) },
      { term: 'Reference number', value: request.referenceNumber },
      { term: 'Authorization number', value: request.authorizationNumber },
      { term: 'Decided by', value: deciderName(sent.decidedByRole) },
      ...(sent.adverse ? [{ term: 'Reconsideration deadline', value: formatDate(deadline) }] : []),
    ],
    sections,
  };
}
