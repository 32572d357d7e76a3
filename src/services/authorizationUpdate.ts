import type { Knex } from 'knex';
import type { Db } from '../db/database';
import { insertAuthorizationVersion, VersionChangedError, type NewVersionLine } from '../db/repositories/authorizationVersions';
import { findQuestionnaire, listCoverageRules } from '../db/repositories/coverageRules';
import { findMemberById } from '../db/repositories/members';
import { listQuestionnaireResponses } from '../db/repositories/questionnaireResponses';
import { findRequestForOrganization, referenceForJourney, type RequestDetail } from '../db/repositories/requests';
import { DuplicateSubmissionError } from '../db/repositories/requestSubmission';
import {
  changedPeriodProblems, changeList, changeWords, lineRefusal, newVersionLines, NOTHING_CHANGED_MESSAGE, requestRefusal, type AddedLine, type LineChange, type UpdateProblem, type VersionLine,
} from '../domain/authorizationUpdate';
import { BEYOND_BENEFIT_LIMITS, submitBlockers, type CareSetting } from '../domain/coverage';
import { criteriaMet, toQuestionnaireResponse, type Answers, type Questionnaire } from '../domain/questionnaire';
import { newReferenceNumber } from '../domain/referenceNumbers';
import { decisionDue } from '../domain/reviewClock';
import { assessUpdatedLines, type AssessedLine } from '../domain/updateClinical';
import { unitsAlreadyRequested } from '../journeys/priorAuth/assessment';

/** An update of an authorization, from the office's journey or (later) the FHIR API's Claim update. */
export interface AuthorizationUpdate {
  organizationId: number;
  /** The reference number of the version updated. */
  reference: string;
  /** Each line's decision count when the update started: what the update is compared against. */
  seen: Readonly<Record<string, number>>;
  changes: Readonly<Record<string, LineChange>>;
  added: readonly AddedLine[];
  /**
   * By the new version's line number: answers to the questionnaire of a line added or changed, given on
   * the update's Document Clinical page (whether they meet its criteria is worked out here).
   */
  clinical?: Readonly<Record<string, { questionnaireId: string; answers: Answers }>>;
  /** The submit-once key: a second submit with the same one finds the first's version. */
  submissionKey: string;
  submitter: { userId: number } | { apiClientId: number };
  now: Date;
  /** More to write in the same transaction (the journey marked as submitted). */
  alsoInTransaction?: (trx: Knex.Transaction, reference: string) => Promise<void>;
}

export type UpdateResult =
  | { kind: 'submitted'; referenceNumber: string }
  | { kind: 'refused'; problems: UpdateProblem[] }
  | { kind: 'not-found' }
  /** The plan decided, the office withdrew, or someone updated a line first: nothing was stored. */
  | { kind: 'changed'; message: string };

/**
 * Submits an update: checks what may change (domain rules), runs the coverage rules again on the
 * lines that changed or were added (the submission's own rule evaluation, the authorization's own
 * units left out of the unit limits), and stores the new version (a compare-and-set on every line of
 * the version updated, in one transaction). The new version goes to the plan's queue when a line
 * waits for review; its decision clock starts now.
 */
export async function submitAuthorizationUpdate(db: Db, u: AuthorizationUpdate): Promise<UpdateResult> {
  const already = await referenceForJourney(db, u.submissionKey);
  if (already) return { kind: 'submitted', referenceNumber: already };
  const request = /^\d{9}$/.test(u.reference) ? await findRequestForOrganization(db, u.organizationId, u.reference) : undefined;
  if (!request) return { kind: 'not-found' };
  const stale = changedMessage(request, u.seen);
  if (stale) return { kind: 'changed', message: stale };
  const refusal = requestRefusal(request.lines);
  if (refusal) return { kind: 'refused', problems: [{ field: 'lines', message: refusal }] };
  const refused = request.lines.filter((l) => u.changes[String(l.lineNumber)] && lineRefusal(l));
  if (refused.length > 0) return { kind: 'refused', problems: refused.map((l) => ({ field: `units-${l.lineNumber}`, message: `Line ${l.lineNumber} (${l.code}): ${lineRefusal(l)}` })) };
  const changes = changeList(request.lines, u.changes, u.added);
  if (changes.length === 0) return { kind: 'refused', problems: [{ field: 'lines', message: NOTHING_CHANGED_MESSAGE }] };
  // Checked again here for every caller (the journey's lines page checked it when typed; an API update did not).
  const member = await findMemberById(db, request.memberId);
  const outside = member ? changedPeriodProblems(member, request.lines, u.changes) : [];
  if (outside.length > 0) return { kind: 'refused', problems: outside };

  const planned = newVersionLines(request.lines, u.changes, u.added);
  const { assessed, asked } = await assessUpdate(db, request, planned, u.clinical);
  const problems: UpdateProblem[] = [];
  let beyondLimits = false;
  const lines: NewVersionLine[] = planned.map((l) => {
    const previous = l.previousLineNumber === undefined ? undefined : request.lines.find((p) => p.lineNumber === l.previousLineNumber);
    const base = { lineNumber: l.lineNumber, code: l.code, codeSystem: previous?.codeSystem ?? l.system ?? '', units: l.units, fromDate: l.fromDate, toDate: l.toDate, previousLineId: previous?.id ?? null };
    if (l.kind === 'unchanged') return { ...base, status: (previous?.status ?? 'Pended') as NewVersionLine['status'], ruleId: previous?.ruleId ?? null, decidedBy: 'carried-over', note: null };
    if (l.kind === 'cancelled') return { ...base, status: 'Cancelled', ruleId: previous?.ruleId ?? null, decidedBy: 'office', note: 'Cancelled by the office in an update' };
    const assessment = assessed.find((a) => a.line.lineNumber === l.lineNumber)?.assessment;
    if (!assessment) throw new Error(`Line ${l.lineNumber} of the update was not assessed`);
    if (assessment.outcome.kind === 'beyond-limit') beyondLimits = true;
    // A line the rules still want documented, added or changed, is answered on the update's Document Clinical page.
    if (assessment.outcome.kind === 'needs-documentation') problems.push({ field: 'lines', message: `Answer the clinical questions for line ${l.lineNumber} (${l.code}) with Document Clinical before you submit the update` });
    else problems.push(...submitBlockers([{ code: l.code, assessment }]).map((message) => ({ field: 'lines', message })));
    const documented = asked.get(l.lineNumber);
    return {
      ...base, status: assessment.statusAtSubmit ?? 'Pended', ruleId: assessment.rule?.id ?? null, decidedBy: 'coverage-rules', note: 'Updated by the office',
      questionnaire: documented?.given && { id: documented.questionnaire.id, criteriaMet: documented.given.met, response: toQuestionnaireResponse(documented.questionnaire, documented.given.answers, u.now.toISOString()) },
    };
  });
  if (problems.length > 0) return { kind: 'refused', problems };

  const starts = lines.map((l) => l.fromDate).sort();
  const ends = lines.map((l) => l.toDate).sort();
  try {
    const referenceNumber = await insertAuthorizationVersion(db, {
      previousRequestId: request.id,
      seen: u.seen,
      journeyId: u.submissionKey,
      submittedBy: 'userId' in u.submitter ? u.submitter.userId : null,
      apiClientId: 'apiClientId' in u.submitter ? u.submitter.apiClientId : null,
      startDate: starts[0] ?? request.startDate,
      endDate: ends[ends.length - 1] ?? request.endDate,
      requestType: beyondLimits ? BEYOND_BENEFIT_LIMITS : request.requestType === BEYOND_BENEFIT_LIMITS ? request.categoryName : request.requestType,
      submittedAt: u.now.toISOString(),
      // The decision clock starts when the plan receives the update (CMS-0057-F), as for a request.
      dueAt: decisionDue(u.now, request.priority).toISOString(),
      changes: changes.map(changeWords),
      lines,
    }, () => newReferenceNumber(), u.alsoInTransaction);
    return { kind: 'submitted', referenceNumber };
  } catch (err) {
    if (err instanceof DuplicateSubmissionError) {
      const referenceNumber = await referenceForJourney(db, u.submissionKey);
      if (referenceNumber) return { kind: 'submitted', referenceNumber };
    }
    if (err instanceof VersionChangedError) {
      const now = await findRequestForOrganization(db, u.organizationId, u.reference);
      return { kind: 'changed', message: (now && changedMessage(now, u.seen)) ?? CHANGED_MEANWHILE };
    }
    throw err;
  }
}

/** The questionnaire a line of an update is asked on its Document Clinical page, and the answers given to it there (criteria evaluated now). */
export interface AskedInUpdate {
  questionnaire: Questionnaire;
  given?: { answers: Answers; met: boolean };
}

/**
 * The coverage rules run on the lines an update changes or adds (assessUpdatedLines), with what they
 * need: the rules, the units the member already used (the authorization's own left out), the answers
 * stored with the version updated, and those given in the update. The one place that decides which
 * lines the update's Document Clinical asks about: its pages, its review and its submit all ask here.
 */
export async function assessUpdate(
  db: Db,
  request: RequestDetail,
  planned: readonly VersionLine[],
  clinical: AuthorizationUpdate['clinical'],
): Promise<{ assessed: AssessedLine[]; asked: Map<number, AskedInUpdate> }> {
  const context = { careSetting: request.careSetting as CareSetting, categoryId: request.categoryId };
  const rules = await listCoverageRules(db);
  const rerun = planned.filter((l) => l.kind === 'changed' || l.kind === 'new');
  const used = await unitsAlreadyRequested(db, rules, context, request.memberId, rerun, request.authorizationNumber);
  const stored = await listQuestionnaireResponses(db, request.id);
  const given = new Map<string, { questionnaire: Questionnaire; answers: Answers; met: boolean }>();
  for (const [lineNumber, g] of Object.entries(clinical ?? {})) {
    const questionnaire = await findQuestionnaire(db, g.questionnaireId);
    if (questionnaire) given.set(lineNumber, { questionnaire, answers: g.answers, met: criteriaMet(questionnaire.criteria, g.answers) });
  }
  const assessed = assessUpdatedLines(planned, {
    rules, context,
    unitsUsed: (code, year) => used.get(`${code}|${year}`) ?? 0,
    stored,
    given: Object.fromEntries([...given].map(([n, g]) => [n, { questionnaireId: g.questionnaire.id, criteriaMet: g.met }])),
  });
  const asked = new Map<number, AskedInUpdate>();
  for (const a of assessed) {
    if (!a.askedHere) continue;
    const g = given.get(String(a.line.lineNumber));
    const questionnaire = g?.questionnaire.id === a.askedHere ? g.questionnaire : await findQuestionnaire(db, a.askedHere);
    if (questionnaire) asked.set(a.line.lineNumber, { questionnaire, given: g?.questionnaire.id === a.askedHere ? { answers: g.answers, met: g.met } : undefined });
  }
  return { assessed, asked };
}

const CHANGED_MEANWHILE = 'This request changed while you were updating it, so your update was not sent. Look at the request again, then start the update again if it is still needed.';

/** What the office is told when the request moved on since the update started; undefined when it did not. */
export function changedMessage(request: RequestDetail, seen: Readonly<Record<string, number>>): string | undefined {
  if (request.supersededById !== null) return 'This request was updated by someone else while you were updating it, so your update was not sent. Open the current version of the request and start the update again from it.';
  const moved = request.lines.filter((l) => seen[String(l.lineNumber)] !== l.decisionCount);
  if (moved.length === 0) return undefined;
  const which = `${moved.length === 1 ? 'line' : 'lines'} ${moved.map((l) => l.lineNumber).join(', ')}`;
  if (moved.every((l) => l.status === 'Cancelled')) return `${which[0]?.toUpperCase()}${which.slice(1)} of this request ${moved.length === 1 ? 'was' : 'were'} withdrawn while you were updating it, so your update was not sent. Look at the request again, then start the update again if it is still needed.`;
  return `The plan decided ${which} of this request while you were updating it, so your update was not sent. The request now shows the plan's decision: start the update again if it is still needed.`;
}
