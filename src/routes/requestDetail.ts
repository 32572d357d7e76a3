import { Router, type Response } from 'express';
import type { Db } from '../db/database';
import { listAttachments } from '../db/repositories/attachments';
import { listQuestionnaireResponses } from '../db/repositories/questionnaireResponses';
import { findRequestForOrganization, type RequestDetail } from '../db/repositories/requests';
import { listStatusHistory, type StatusEntry } from '../db/repositories/statusHistory';
import { latestByLine, listLineDecisions, type LineDecisionRecord } from '../db/repositories/lineDecisions';
import { REVIEWER_ROLE_NAMES, type PlanRole } from '../domain/roles';
import { answeredQuestions } from '../domain/questionnaire';
import { formatDate, formatDateTime } from '../domain/dates';
import { ACCEPTED_EXTENSIONS, fileTypeName, formatFileSize } from '../domain/fileTypes';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import type { FieldError } from '../validation';
import { notFound } from '../middleware/errors';
import { decisionsSent, deciderName, earlierLetterVersions } from '../domain/letters';
import { listMessages, type MessageRecord } from '../db/repositories/requestMessages';
import { listReconsiderations } from '../db/repositories/reconsiderations';
import { reviewMarks } from '../domain/lineDecisions';
import { MESSAGE_MAX } from '../domain/requestMessages';
import { reconsiderationChoices } from '../services/reconsiderationChoices';
import { isWithdrawable } from '../domain/withdrawal';
import { dateInTimeZone } from '../domain/reviewClock';
import crypto from 'node:crypto';
import { listVersions } from '../db/repositories/authorizationVersions';
import { requestRefusal } from '../domain/authorizationUpdate';

/** What the office's request page needs beyond the database: the time now (a test fixes it) and the plan's time zone. */
export interface PageTime {
  clock: () => Date;
  timeZone: string;
}

/** The request, if the signed-in user's organization owns it; anything else is "not found". */
export async function ownRequest(db: Db, res: Response, reference: string): Promise<RequestDetail | undefined> {
  const user = currentUser(res);
  return /^\d{9}$/.test(reference) ? findRequestForOrganization(db, user.organizationId, reference) : undefined;
}

export function requestUrl(reference: string): string {
  return `/prior-auth/requests/${reference}`;
}

/**
 * The page of a submitted request: what was asked, each line's status, the status history and the
 * clinical attachments with the upload form. Just after submitting it opens with the success panel.
 */
export async function renderRequestDetail(
  db: Db,
  res: Response,
  request: RequestDetail,
  time: PageTime,
  options: { submitted?: boolean; errors?: FieldError[]; status?: number; values?: Record<string, unknown> } = {},
): Promise<void> {
  const errors = options.errors ?? [];
  const values = options.values ?? {};
  // A form posted again keeps its one-time token (it has not been recorded); a new page gets a new one.
  const tokenOf = (name: string) => (typeof values[name] === 'string' && /^[0-9a-f-]{36}$/.test(values[name] as string) ? (values[name] as string) : crypto.randomUUID());
  const heading = options.submitted ? (request.version > 1 ? 'Your update has been submitted' : 'Your request has been submitted') : `Request ${request.referenceNumber}`;
  const current = request.supersededById === null;
  res.status(options.status ?? 200).render('priorAuth/requestDetail', {
    title: `${errors.length > 0 ? 'Error: ' : ''}${heading}`,
    heading,
    submitted: Boolean(options.submitted),
    errors,
    ...(await requestDetailModel(db, request, requestUrl(request.referenceNumber), 'office')),
    actions: {
      // A version replaced by an update is kept as it was: its current version is the one to withdraw or update.
      withdraw: current && request.lines.some((l) => isWithdrawable(l, dateInTimeZone(time.clock(), time.timeZone))) ? `${requestUrl(request.referenceNumber)}/withdraw` : '',
      update: current && !requestRefusal(request.lines) ? `${requestUrl(request.referenceNumber)}/update` : '',
      copy: `${requestUrl(request.referenceNumber)}/copy`,
    },
    uploadAction: `${requestUrl(request.referenceNumber)}/attachments`,
    accept: ACCEPTED_EXTENSIONS.join(','),
    messageForm: {
      action: `${requestUrl(request.referenceNumber)}/messages`,
      token: tokenOf('formToken'),
      message: typeof values.message === 'string' ? values.message : '',
      maxLength: MESSAGE_MAX,
    },
    reconsideration: {
      action: `${requestUrl(request.referenceNumber)}/reconsideration`,
      token: tokenOf('reconsiderationToken'),
      message: typeof values.reconsiderationMessage === 'string' ? values.reconsiderationMessage : '',
      chosen: ([] as unknown[]).concat(values.lines ?? []).map(String),
      ...(await reconsiderationChoices(db, request, time.clock(), time.timeZone)),
    },
  });
}

/** Who made a change, as the office sees it (a plan reviewer by role, never by name) or as the plan does. */
function changedBy(h: StatusEntry, audience: 'office' | 'plan'): string {
  if (h.rulesInForceFrom) return `The coverage rules (automatic), in force from ${formatDate(h.rulesInForceFrom)}`;
  if (h.changedByPlanRole) {
    const role = REVIEWER_ROLE_NAMES[h.changedByPlanRole as PlanRole] ?? 'The plan';
    return audience === 'plan' && h.changedBy ? `${h.changedBy} (${role.toLowerCase()})` : `${role}, the plan`;
  }
  return h.changedBy ?? 'The plan';
}

/** A decision's maker as the office sees it. */
function decidedBy(d: LineDecisionRecord | undefined, audience: 'office' | 'plan'): string {
  if (!d) return '';
  if (d.decidedByRole === 'coverage-rules') return 'The coverage rules (automatic)';
  if (d.decidedByRole === 'office') return 'Office (withdrawn)';
  const role = REVIEWER_ROLE_NAMES[d.decidedByRole];
  return audience === 'plan' && d.decidedByName ? `${d.decidedByName} (${role.toLowerCase()})` : role;
}

const MESSAGE_KINDS: Record<MessageRecord['kind'], string> = {
  'information-request': 'Information requested',
  information: 'Information sent',
  reconsideration: 'Reconsideration requested',
};

/** A message's author: the office's user by name; a plan user by role for the office, by name and role for the plan. */
function messageAuthor(m: MessageRecord, audience: 'office' | 'plan'): string {
  if (m.authorSide === 'office') return m.authorName;
  const role = REVIEWER_ROLE_NAMES[m.authorRole as PlanRole] ?? 'The plan';
  return audience === 'plan' ? `${m.authorName} (${role.toLowerCase()})` : `${role}, the plan`;
}

/**
 * What a submitted request's page shows, to the office and to the plan alike: what was asked, each
 * line's status and latest decision, the history, the questionnaire answers and the attachments. The
 * office sees a reviewer's role, never a name.
 */
export async function requestDetailModel(db: Db, request: RequestDetail, baseHref: string, audience: 'office' | 'plan') {
  const [history, attachments, responses, decisions, messages, reconsiderations, versions] = await Promise.all([
    listStatusHistory(db, request.id),
    listAttachments(db, request.id),
    listQuestionnaireResponses(db, request.id),
    listLineDecisions(db, request.id),
    listMessages(db, request.id),
    listReconsiderations(db, request.id),
    listVersions(db, request.organizationId, request.authorizationNumber),
  ]);
  const pages = baseHref.slice(0, baseHref.lastIndexOf('/'));
  const asked = [...messages].reverse().find((m) => m.kind === 'information-request');
  const latest = latestByLine(decisions);
  const submittedOn = formatDate(request.submittedAt.slice(0, 10));
  return {
    referenceNumber: request.referenceNumber,
    authorizationNumber: request.authorizationNumber,
    requestType: request.requestType,
    status: request.status,
    submittedAt: formatDateTime(request.submittedAt),
    submittedBy: request.submittedBy,
    patient: { name: `${request.member.firstName} ${request.member.lastName}`, memberId: request.member.memberId, dateOfBirth: formatDate(request.member.dateOfBirth) },
    careSetting: request.careSetting === 'inpatient' ? 'Inpatient' : 'Outpatient',
    categoryName: request.categoryName,
    provider: `${request.provider.name} (NPI ${request.provider.npi})`,
    datesOfService: `${formatDate(request.startDate)} to ${formatDate(request.endDate)}`,
    treatmentType: request.treatmentType,
    placeOfService: request.placeOfService,
    duplicateReason: request.duplicateReason ?? '',
    // An authorization updated has versions (issue 14): each with its own reference number and what it changed.
    versions: versions.length < 2 ? undefined : {
      which: `Version ${request.version} of ${versions.length}`,
      current: versions.find((v) => v.current)?.referenceNumber === request.referenceNumber ? undefined : versions.find((v) => v.current)?.referenceNumber,
      currentHref: `${pages}/${versions.find((v) => v.current)?.referenceNumber ?? request.referenceNumber}`,
      list: versions.map((v) => ({
        label: `Version ${v.version}`,
        reference: v.referenceNumber,
        href: v.referenceNumber === request.referenceNumber ? '' : `${pages}/${v.referenceNumber}`,
        submittedAt: formatDateTime(v.submittedAt),
        changes: v.version === 1 ? ['The request as first submitted'] : v.changes,
      })),
    },
    // A request from the API may name no contact (issue 15): only what was given is shown.
    contact: [request.contactName, request.contactPhone && `Phone ${request.contactPhone}${request.contactPhoneExt ? ` ext. ${request.contactPhoneExt}` : ''}`, request.contactFax && `Fax ${request.contactFax}`, request.contactEmail].filter(Boolean).join(' · ') || 'None given',
    diagnoses: request.diagnoses.map((d, i) => ({ ...d, primary: i === 0 })),
    anyPended: request.lines.some((l) => l.status === 'Pended'),
    informationRequested:
      request.lines.some((l) => l.status === 'Information requested') && asked ? { needed: asked.body, respondBy: formatDate(asked.respondBy), when: formatDateTime(asked.createdAt) } : undefined,
    messages: messages.map((m) => ({
      by: messageAuthor(m, audience),
      fromPlan: m.authorSide === 'plan',
      what: MESSAGE_KINDS[m.kind],
      when: formatDateTime(m.createdAt),
      body: m.body,
      respondBy: m.respondBy ? formatDate(m.respondBy) : '',
      attachments: m.attachments.map((a) => ({ name: a.name, href: `${baseHref}/attachments/${a.id}` })),
    })),
    lines: request.lines.map((l) => {
      const d = latest.get(l.lineNumber);
      const reviewed = d !== undefined && d.decidedByRole !== 'coverage-rules';
      const explained = d !== undefined && (d.outcome === 'Denied' || d.outcome === 'Partially approved' || d.outcome === 'Cancelled');
      return {
      lineNumber: l.lineNumber,
      code: l.code,
      description: l.description ?? '',
      fromDate: formatDate(l.fromDate),
      toDate: formatDate(l.toDate),
      units: l.units,
      requestedDate: submittedOn,
      authorizedUnits: l.authorizedUnits ?? '',
      authorizedDate: formatDate(l.authorizedDate),
      authorizedPeriod: d?.authorizedFrom && d.authorizedTo ? `${formatDate(d.authorizedFrom)} to ${formatDate(d.authorizedTo)}` : '',
      certificationNumber: l.certificationNumber ?? '',
      decisionDate: reviewed && d ? formatDate(d.decidedAt.slice(0, 10)) : '',
      decidedBy: reviewed ? decidedBy(d, audience) : '',
      reason: explained && d ? [d.reasonCodeText, d.reasonText].filter(Boolean).join(': ') : '',
      status: l.status,
      mark: reviewMarks({ status: l.status, latestOutcome: d?.outcome, underReconsideration: reconsiderations.some((r) => r.lineId === l.id && r.decidedAt === null) }),
      };
    }),
    letters: decisionsSent(decisions).map((s) => ({
      href: `${baseHref}/letters/${s.id}`,
      when: formatDateTime(s.decidedAt),
      decidedBy: s.decidedByRole === 'coverage-rules' ? 'the coverage rules (automatic)' : `the ${deciderName(s.decidedByRole).toLowerCase()}`,
      adverse: s.adverse,
    })),
    // A line an update left unchanged keeps its decision, whose letter is the version's that recorded it (issue 14).
    earlierLetters: earlierLetterVersions(decisions).map((v) => ({ label: `version ${v.version}`, reference: v.referenceNumber, href: `${pages}/${v.referenceNumber}#letters` })),
    history: history.map((h) => ({
      when: formatDateTime(h.changedAt),
      what: h.lineNumber ? `Line ${h.lineNumber} (${h.code ?? ''})` : 'Request',
      status: h.status,
      by: changedBy(h, audience),
    })),
    clinicalAnswers: responses.map((r, i) => ({
      // A line may hold a second response (answers sent through the API as they were): ids stay unique.
      id: `answers-line-${r.lineNumber}${responses.slice(0, i).some((earlier) => earlier.lineNumber === r.lineNumber) ? `-${i + 1}` : ''}`,
      title: `Line ${r.lineNumber} (${r.code}): ${r.questionnaireTitle}`,
      attested: `Attested by ${r.attestedBy ?? 'an unknown user'} on ${formatDateTime(r.attestedAt)}`,
      answers: answeredQuestions(r.response),
    })),
    attachments: attachments.map((a) => ({
      name: a.originalName,
      type: fileTypeName(a.fileType),
      size: formatFileSize(a.sizeBytes),
      by: a.uploadedBy,
      when: formatDateTime(a.uploadedAt),
      href: `${baseHref}/attachments/${a.id}`,
    })),
  };
}

export function requestDetailRouter(db: Db, time: PageTime): Router {
  const router = Router();

  router.get('/prior-auth/requests/:reference', async (req, res) => {
    const request = await ownRequest(db, res, String(req.params.reference));
    if (!request) return notFound(req, res);
    await audit(db, req, res, 'request-viewed', { memberId: request.memberId, referenceNumber: request.referenceNumber });
    await renderRequestDetail(db, res, request, time);
  });

  router.get('/prior-auth/requests/:reference/submitted', async (req, res) => {
    const request = await ownRequest(db, res, String(req.params.reference));
    if (!request) return notFound(req, res);
    await audit(db, req, res, 'request-viewed', { memberId: request.memberId, referenceNumber: request.referenceNumber });
    await renderRequestDetail(db, res, request, time, { submitted: true });
  });

  return router;
}
