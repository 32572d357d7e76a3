import { decisionLetter, decisionsSent, earlierLetterVersions, type LetterDocument, type LetterFacts, type SentDecision } from '../../../src/domain/letters';
import { memberNotice } from '../../../src/domain/memberNotice';
import { dateInTimeZone } from '../../../src/domain/reviewClock';

const PLAN = { name: 'OpenPA Health Plan', address: 'PO Box 1000, Springfield, IL 62701', phone: '(312) 555-0100', timeZone: 'America/New_York' };

function decision(id: number, lineNumber: number, outcome: SentDecision['outcome'], more: Partial<SentDecision> = {}): SentDecision {
  return {
    id, lineNumber, outcome, authorizedUnits: null, authorizedFrom: null, authorizedTo: null, certificationNumber: null, reasonCode: null, reasonCodeText: null, reasonText: null,
    decidedBy: 7, decidedByRole: 'physician_reviewer', decidedAt: '2026-03-11T02:30:00.000Z', ...more,
  };
}

const atSubmit = { decidedBy: null, decidedByRole: 'coverage-rules' as const, decidedAt: '2026-03-02T14:00:00.000Z' };
const partial = decision(5, 1, 'Partially approved', {
  authorizedUnits: 2, authorizedFrom: '2026-03-02', authorizedTo: '2026-03-31', certificationNumber: 'EPS-00001951-1',
  reasonCode: 'fewer-units-necessary', reasonCodeText: "Fewer units or a shorter period meet the member's need", reasonText: 'Usage data supports 2 months, not 3',
});
const denied = decision(6, 2, 'Denied', { reasonCode: 'criteria-not-met', reasonCodeText: 'The clinical criteria for this service were not met', reasonText: 'The member walks with a cane (criterion 2)' });

function facts(sent = decisionsSent([partial, denied])[0]!): LetterFacts {
  return {
    plan: PLAN,
    request: {
      referenceNumber: '123456789', authorizationNumber: 'EPS-00001951', organizationName: 'Northside Family Clinic',
      servicingProvider: { name: 'Priya Patel, DPT', npi: '1678901236' },
      member: { firstName: 'Dino', lastName: 'Saur', memberId: '5634024', dateOfBirth: '1980-07-04' },
      submittedAt: '2026-03-02T14:00:00.000Z',
      lines: [
        { lineNumber: 1, code: 'E0601', description: 'Continuous positive airway pressure (CPAP) device', units: 3, fromDate: '2026-03-02', toDate: '2026-03-31' },
        { lineNumber: 2, code: 'K0001', description: null, units: 1, fromDate: '2026-03-02', toDate: '2026-03-31' },
      ],
    },
    sent,
  };
}

/** Every word a letter says, as one string (what a page or a PDF shows). */
const allText = (letter: LetterDocument) =>
  [letter.title, letter.date, letter.from.name, letter.from.address, letter.from.phone, ...letter.facts.map((f) => `${f.term}: ${f.value}`),
    ...letter.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...s.items.flatMap((i) => [i.heading, ...i.facts.map((f) => `${f.term}: ${f.value}`)])])].join('\n');

describe('the decisions sent on a request', () => {
  test("one per reviewer and time, the submit's automatic decisions too; pended lines and requests for information are not decisions", () => {
    const sent = decisionsSent([
      denied, partial,
      decision(1, 1, 'Pended', atSubmit), decision(2, 2, 'Approved', { ...atSubmit, authorizedUnits: 1, certificationNumber: 'EPS-00001951-2' }),
      decision(3, 1, 'Information requested', { decidedBy: 8, decidedByRole: 'clinical_reviewer', decidedAt: '2026-03-05T10:00:00.000Z' }),
      decision(9, 1, 'Approved', { decidedBy: 9, decidedAt: partial.decidedAt }),
    ]);
    expect(sent.map((s) => [s.id, s.decidedByRole, s.decisions.map((d) => d.lineNumber), s.adverse])).toEqual([
      [2, 'coverage-rules', [2], false],
      [5, 'physician_reviewer', [1, 2], true],
      [9, 'physician_reviewer', [1], false],
    ]);
  });

  test('a decision an update carried over unchanged is the earlier version\'s letter, not this one\'s; the earlier versions are named once each', () => {
    const v1 = { version: 1, referenceNumber: '111111111' };
    const v2 = { version: 2, referenceNumber: '222222222' };
    const recorded = [
      { ...partial, id: 20, carriedFrom: v1 }, { ...denied, id: 21, carriedFrom: v1 },
      { ...decision(22, 3, 'Approved', atSubmit), carriedFrom: v2 },
      { ...decision(23, 4, 'Pended', { ...atSubmit, decidedAt: '2026-04-01T10:00:00.000Z' }), carriedFrom: v1 },
      { ...decision(24, 4, 'Approved', { decidedAt: '2026-04-02T10:00:00.000Z' }), carriedFrom: null },
    ];
    expect(decisionsSent(recorded).map((s) => s.id)).toEqual([24]);
    expect(earlierLetterVersions(recorded)).toEqual([v1, v2]);
    expect(earlierLetterVersions([{ ...decision(23, 4, 'Pended', atSubmit), carriedFrom: v1 }])).toEqual([]);
  });
});

describe('the decision letter', () => {
  test("names the plan, the office, the provider, the member, both numbers, each line's outcome with its reasons, and the reviewer's role", () => {
    const letter = decisionLetter(facts());
    expect(letter.from).toEqual({ name: PLAN.name, address: PLAN.address, phone: PLAN.phone });
    expect(letter.facts).toEqual([
      { term: 'To', value: 'Northside Family Clinic' },
      { term: 'Servicing provider', value: 'Priya Patel, DPT (NPI 1678901236)' },
      { term: 'Member', value: 'Dino Saur' },
      { term: 'Member ID', value: '5634024' },
      { term: 'Date of birth', value: '07/04/1980' },
      { term: 'Reference number', value: '123456789' },
      { term: 'Authorization number', value: 'EPS-00001951' },
      { term: 'Decided by', value: 'Physician reviewer' },
      { term: 'Reconsideration deadline', value: '05/09/2026' },
    ]);
    const lines = letter.sections[0]!.items;
    expect(lines.map((l) => l.heading)).toEqual(['Line 1: E0601 Continuous positive airway pressure (CPAP) device', 'Line 2: K0001']);
    expect(lines[0]!.facts).toEqual([
      { term: 'Requested', value: '3 units, 03/02/2026 to 03/31/2026' },
      { term: 'Outcome', value: 'Partially approved' },
      { term: 'Authorized units', value: '2' },
      { term: 'Authorized period', value: '03/02/2026 to 03/31/2026' },
      { term: 'Certification number', value: 'EPS-00001951-1' },
      { term: 'Reason', value: "Fewer units or a shorter period meet the member's need" },
      { term: 'Specific reason', value: 'Usage data supports 2 months, not 3' },
    ]);
    expect(lines[1]!.facts.map((f) => f.term)).toEqual(['Requested', 'Outcome', 'Reason', 'Specific reason']);
    expect(letter.fileName).toBe('decision-letter-123456789-5.pdf');
  });

  test("is dated in the plan's time zone, and the reconsideration deadline is 60 days from that date, with how to ask", () => {
    // 02:30 UTC on 03/11 is still 03/10 in New York.
    const letter = decisionLetter(facts());
    expect(letter.date).toBe('03/10/2026');
    const rights = letter.sections.find((s) => s.heading === 'Your right to ask for reconsideration');
    expect(rights?.paragraphs.join(' ')).toContain('until 05/09/2026 (60 days from the date of this decision)');
    expect(rights?.paragraphs.join(' ')).toContain("from the request's page in the portal (open request 123456789), or by phone at (312) 555-0100");
    expect(decisionLetter({ ...facts(), plan: { ...PLAN, timeZone: 'UTC' } }).date).toBe('03/11/2026');
  });

  test("never names the reviewer; an approval at submit reads as the coverage rules' and has no reconsideration section", () => {
    const [automatic] = decisionsSent([decision(2, 2, 'Approved', { ...atSubmit, authorizedUnits: 1, authorizedFrom: '2026-03-02', authorizedTo: '2026-03-31', certificationNumber: 'EPS-00001951-2' })]);
    const letter = decisionLetter(facts(automatic));
    expect(letter.facts).toContainEqual({ term: 'Decided by', value: 'The coverage rules (automatic)' });
    expect(letter.facts.map((f) => f.term)).not.toContain('Reconsideration deadline');
    expect(letter.sections.map((s) => s.heading)).toEqual(['Decision', 'Questions']);
    expect(letter.sections[0]!.paragraphs[0]).toBe('The coverage rules (automatic) decided the service line below on 03/02/2026.');
    expect(allText(letter)).not.toMatch(/Reason:/);
  });
});

describe("the member's notice", () => {
  test('exists only for a denial or a partial approval', () => {
    const [approved] = decisionsSent([decision(9, 1, 'Approved', { authorizedUnits: 3 })]);
    expect(memberNotice(facts(approved))).toBeUndefined();
    expect(memberNotice(facts())).toBeDefined();
  });

  test('says in plain words what was asked, what was decided and why, every code with its words, and the rights with the deadline and phone', () => {
    const notice = memberNotice(facts())!;
    expect(notice.facts).toContainEqual({ term: 'To', value: 'Dino Saur' });
    expect(notice.facts).toContainEqual({ term: 'Ask for an appeal by', value: '05/09/2026' });
    const [first, second] = notice.sections[0]!.items;
    expect(first).toEqual({
      heading: 'Continuous positive airway pressure (CPAP) device (code E0601)',
      facts: [
        { term: 'What was asked for', value: '3 units, from 03/02/2026 to 03/31/2026' },
        { term: 'What we decided', value: 'We approved part of it: 2 of the 3 units asked for, from 03/02/2026 to 03/31/2026.' },
        { term: 'Why', value: "Fewer units or a shorter period meet the member's need. In detail: Usage data supports 2 months, not 3" },
      ],
    });
    expect(second?.heading).toBe('The service with code K0001');
    expect(second?.facts[1]).toEqual({ term: 'What we decided', value: 'We did not approve it.' });
    const text = allText(notice);
    expect(text).toContain('This is called an appeal (or a reconsideration)');
    expect(text).toContain('Ask by 05/09/2026. That is 60 days from the date of this decision.');
    expect(text).toContain('call us at (312) 555-0100');
    expect(text).toContain('A doctor at the plan (a physician reviewer)');
    // No reason code, review action code or role code without words.
    expect(text).not.toMatch(/fewer-units-necessary|criteria-not-met|physician_reviewer|\bA[1-4]\b/);
  });

  test('a shorter period with the units asked is said as such', () => {
    const [shorter] = decisionsSent([{ ...partial, authorizedUnits: 3, authorizedTo: '2026-03-15' }]);
    expect(memberNotice(facts(shorter))!.sections[0]!.items[0]!.facts[1]!.value).toBe('We approved part of it: a shorter time than asked for, from 03/02/2026 to 03/15/2026.');
  });
});

test("a date in the plan's time zone", () => {
  expect(dateInTimeZone(new Date('2026-03-11T02:30:00.000Z'), 'America/New_York')).toBe('2026-03-10');
  expect(dateInTimeZone(new Date('2026-03-11T02:30:00.000Z'), 'Asia/Tokyo')).toBe('2026-03-11');
});
