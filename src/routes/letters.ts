import { Router, type Request, type Response } from 'express';
import type { PlanSettings } from '../config';
import type { Db } from '../db/database';
import { listLineDecisions } from '../db/repositories/lineDecisions';
import { readPlanSettings } from '../db/repositories/planSettings';
import type { RequestDetail } from '../db/repositories/requests';
import type { AuditAction } from '../db/repositories/auditLog';
import { decisionLetter, decisionsSent, type DecisionSent, type LetterDocument, type LetterFacts } from '../domain/letters';
import { memberNotice } from '../domain/memberNotice';
import { notFound } from '../middleware/errors';
import { audit } from '../services/audit';
import { letterPdf } from '../services/letterPdf';

/** A decision sent's id: its first line decision's, a whole number (anything else is not found). */
const LETTER_ID = /^[1-9]\d{0,9}$/;

/** What a letter is built from: the request as read for its page, and one decision sent on it. */
export function letterFacts(request: RequestDetail, plan: PlanSettings, sent: DecisionSent, reconsiderationDays: number): LetterFacts {
  return {
    plan,
    reconsiderationDays,
    request: {
      referenceNumber: request.referenceNumber,
      authorizationNumber: request.authorizationNumber,
      organizationName: request.organizationName,
      servicingProvider: request.provider,
      member: request.member,
      submittedAt: request.submittedAt,
      lines: request.lines.map((l) => ({ lineNumber: l.lineNumber, code: l.code, description: l.description, units: l.units, fromDate: l.fromDate, toDate: l.toDate })),
    },
    sent,
  };
}

interface Letters {
  /** Where the request's pages are: /prior-auth/requests for the office, /plan/requests for the plan. */
  base: string;
  /** The request, if this user may see it (their organization's, or any for the plan); undefined: 404. */
  find(res: Response, reference: string): Promise<RequestDetail | undefined>;
}

/**
 * The decision letter and the member's notice of each decision sent on a request, as a page that
 * prints cleanly and as a PDF: both from the one LetterDocument the domain builds. The office opens
 * its own requests' letters, the plan's reviewers any request's; each opening is audited.
 */
export function lettersRouter(db: Db, plan: PlanSettings, { base, find }: Letters): Router {
  const router = Router();
  const paths = { page: `${base}/:reference/letters/:letter`, notice: `${base}/:reference/letters/:letter/member-notice` };

  /** The request and the letter's facts, or undefined when either is not there (or not this user's). */
  async function load(req: Request, res: Response): Promise<{ request: RequestDetail; facts: LetterFacts } | undefined> {
    const letterId = String(req.params.letter);
    if (!LETTER_ID.test(letterId)) return undefined;
    const request = await find(res, String(req.params.reference));
    if (!request) return undefined;
    const sent = decisionsSent(await listLineDecisions(db, request.id)).find((s) => s.id === Number(letterId));
    return sent ? { request, facts: letterFacts(request, plan, sent, (await readPlanSettings(db)).reconsiderationDays) } : undefined;
  }

  function serve(kind: 'letter' | 'notice', as: 'page' | 'pdf') {
    const action: AuditAction = kind === 'letter' ? 'decision-letter-viewed' : 'member-notice-viewed';
    return async (req: Request, res: Response) => {
      const found = await load(req, res);
      const letter: LetterDocument | undefined = found && (kind === 'letter' ? decisionLetter(found.facts) : memberNotice(found.facts));
      if (!found || !letter) return notFound(req, res);
      const { request } = found;
      await audit(db, req, res, action, { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: as === 'pdf' ? 'PDF' : 'page' });
      const pageHref = `${base}/${request.referenceNumber}/letters/${found.facts.sent.id}${kind === 'notice' ? '/member-notice' : ''}`;
      if (as === 'pdf') {
        const pdf = await letterPdf(letter);
        res.type('application/pdf').attachment(letter.fileName).send(pdf);
        return;
      }
      res.render('letters/letter', {
        title: `${kind === 'letter' ? 'Decision letter' : 'Member notice'}, request ${request.referenceNumber}`,
        letter,
        referenceNumber: request.referenceNumber,
        backHref: `${base}/${request.referenceNumber}`,
        pdfHref: `${pageHref}/pdf`,
        pdfLinkText: kind === 'letter' ? 'Download letter (PDF)' : 'Download member notice (PDF)',
      });
    };
  }

  router.get(paths.page, serve('letter', 'page'));
  router.get(`${paths.page}/pdf`, serve('letter', 'pdf'));
  router.get(paths.notice, serve('notice', 'page'));
  router.get(`${paths.notice}/pdf`, serve('notice', 'pdf'));
  return router;
}
