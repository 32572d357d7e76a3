import { formatDate } from './dates';
import { RECONSIDERATION_DAYS } from './lineDecisions';
import { dateInTimeZone } from './reviewClock';
import { decidedLines, decisionDates, isAdverse, letterHead, type AskedLine, type LetterDocument, type LetterFacts, type SentDecision } from './letters';

/**
 * The member's notice of a denial or a partial approval, in plain language, for the plan to send to
 * the member: what was asked, what was decided, why, and how to appeal (CMS-0057-F asks for a specific
 * reason for every denial). A code never stands without its words. Undefined when nothing was denied
 * or reduced: an approval needs no notice.
 */
export function memberNotice(facts: LetterFacts): LetterDocument | undefined {
  const { request, plan, sent } = facts;
  if (!sent.adverse) return undefined;
  const { decidedOn, deadline } = decisionDates(facts);
  const days = facts.reconsiderationDays ?? RECONSIDERATION_DAYS;
  const member = request.member;
  const items = decidedLines(facts).map(({ asked, decision }) => ({
    heading: serviceInWords(asked),
    facts: [
      { term: 'What was asked for', value: `${unitsInWords(asked.units)}, from ${formatDate(asked.fromDate)} to ${formatDate(asked.toDate)}` },
      { term: 'What we decided', value: decidedInWords(asked, decision) },
      ...(isAdverse(decision.outcome) ? [{ term: 'Why', value: whyInWords(decision) }] : []),
    ],
  }));
  const decider = sent.decidedByRole === 'physician_reviewer' ? 'A doctor at the plan (a physician reviewer)' : 'A nurse at the plan (a clinical reviewer)';
  return {
    ...letterHead(facts, 'We have made a decision about your care', 'member-notice'),
    facts: [
      { term: 'To', value: `${member.firstName} ${member.lastName}` },
      { term: 'Member ID', value: member.memberId },
      { term: 'Date of birth', value: formatDate(member.dateOfBirth) },
      { term: 'Reference number', value: request.referenceNumber },
      { term: 'Ask for an appeal by', value: formatDate(deadline) },
    ],
    sections: [
      {
        heading: 'What was asked for, and what we decided',
        paragraphs: [
          `On ${formatDate(dateInTimeZone(new Date(request.submittedAt), plan.timeZone))}, ${request.organizationName} asked us to approve care for you from ${request.servicingProvider.name}. ${decider} looked at the request and decided on ${formatDate(decidedOn)}:`,
        ],
        items,
      },
      {
        heading: 'If you do not agree',
        paragraphs: [
          'You can ask us to look at this decision again. This is called an appeal (or a reconsideration). It is free.',
          `Ask by ${formatDate(deadline)}. That is ${days} days from the date of this decision.`,
          'You can ask yourself, or your provider can ask for you. A doctor who did not make this decision will look at it again. You may send us letters from your doctor or other information that supports what was asked for.',
          `To ask, call us at ${plan.phone}, or write to ${plan.name}, ${plan.address}. Give the reference number ${request.referenceNumber}.`,
          'If waiting could seriously harm your life, your health or your ability to get back to full strength, ask for a fast appeal. We decide a fast appeal within 72 hours.',
        ],
        items: [],
      },
      {
        heading: 'Questions',
        paragraphs: [`Call us at ${plan.phone}. Your provider, ${request.organizationName}, has a copy of this decision.`],
        items: [],
      },
    ],
  };
}

/** The service by its name, with its code in brackets: a code never stands alone. */
function serviceInWords(line: AskedLine): string {
  return line.description ? `${line.description} (code ${line.code})` : `The service with code ${line.code}`;
}

const unitsInWords = (n: number) => `${n} ${n === 1 ? 'unit' : 'units'}`;

function decidedInWords(asked: AskedLine, d: SentDecision): string {
  const when = d.authorizedFrom && d.authorizedTo ? `, from ${formatDate(d.authorizedFrom)} to ${formatDate(d.authorizedTo)}` : '';
  switch (d.outcome) {
    case 'Approved':
      return `We approved it: ${unitsInWords(d.authorizedUnits ?? asked.units)}${when}.`;
    case 'Partially approved':
      return d.authorizedUnits !== null && d.authorizedUnits < asked.units
        ? `We approved part of it: ${d.authorizedUnits} of the ${unitsInWords(asked.units)} asked for${when}.`
        : `We approved part of it: a shorter time than asked for${when}.`;
    case 'Denied':
      return 'We did not approve it.';
    default:
      return 'It does not need our approval.';
  }
}

function whyInWords(d: SentDecision): string {
  const general = d.reasonCodeText ?? 'The plan did not give a general reason';
  return d.reasonText ? `${general}. In detail: ${d.reasonText}` : `${general}.`;
}
