import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/database';
import { insertJourney } from '../../db/repositories/journeys';
import type { RequestDetail } from '../../db/repositories/requests';
import { versionOf } from '../../db/repositories/authorizationVersions';
import { requestRefusal } from '../../domain/authorizationUpdate';
import { formatDate } from '../../domain/dates';
import { notFound } from '../../middleware/errors';
import { currentUser } from '../../middleware/signIn';
import { ownRequest } from '../../routes/requestDetail';
import { audit } from '../../services/audit';
import { journeyController } from '../engine/controller';
import { journeyUrl, type JourneyKind } from '../engine/journeyKind';
import type { UpdateJourney } from './journey';
import { documentClinicalStep } from './steps/documentClinical';
import { requestHref, type UpdateContext } from './step';

/** Why this version cannot be updated: it was replaced by a newer one, or no line of it can change. */
async function refusalOf(db: Db, request: RequestDetail): Promise<{ message: string; currentHref?: string; copyHref?: string } | undefined> {
  if (request.supersededById !== null) {
    const version = await versionOf(db, request.id);
    return { message: `This is not the current version of authorization ${request.authorizationNumber}: update the current version, request ${version.supersededBy ?? ''}`, currentHref: version.supersededBy ? requestHref(version.supersededBy) : undefined };
  }
  const refusal = requestRefusal(request.lines);
  return refusal ? { message: refusal, copyHref: `${requestHref(request.referenceNumber)}/copy` } : undefined;
}

function render(res: Response, request: RequestDetail, refusal: Awaited<ReturnType<typeof refusalOf>>, status = 200): void {
  const errors = refusal && status !== 200 ? [{ field: 'update', message: refusal.message }] : [];
  res.status(status).render('priorAuth/update/start', {
    title: `${errors.length > 0 ? 'Error: ' : ''}Update or extend request ${request.referenceNumber}`,
    errors,
    back: requestHref(request.referenceNumber),
    action: `${requestHref(request.referenceNumber)}/update`,
    referenceNumber: request.referenceNumber,
    authorizationNumber: request.authorizationNumber,
    member: `${request.member.firstName} ${request.member.lastName}`,
    lines: request.lines.map((l) => `Line ${l.lineNumber} (${l.code}): ${l.units} ${l.units === 1 ? 'unit' : 'units'}, ${formatDate(l.fromDate)} to ${formatDate(l.toDate)}, ${l.status.toLowerCase()}`),
    refusal,
  });
}

/**
 * "Update or extend" on the office's request page (issue 14): a page that says what may change, and
 * starts the update journey from the current version; then the journey's pages on the one engine.
 * Another organization's request is not found (404); a cancelled request, or one whose lines were
 * all denied, is refused with the way to ask again.
 */
export function authorizationUpdateRouter(db: Db, kind: JourneyKind<UpdateContext, UpdateJourney>): Router {
  const router = Router();
  // Document Clinical for an added line: the wizard's parameterised step, a side step of the update.
  const engine = journeyController(db, kind, [documentClinicalStep]);

  const load = async (req: Request, res: Response) => {
    const request = await ownRequest(db, res, String(req.params.reference));
    if (!request) notFound(req, res);
    return request;
  };

  router.get('/prior-auth/requests/:reference/update', async (req, res) => {
    const request = await load(req, res);
    if (!request) return;
    await audit(db, req, res, 'request-viewed', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: 'update page' });
    render(res, request, await refusalOf(db, request));
  });

  router.post('/prior-auth/requests/:reference/update', async (req, res) => {
    const request = await load(req, res);
    if (!request) return;
    const refusal = await refusalOf(db, request);
    if (refusal) return render(res, request, refusal, 409);
    const user = currentUser(res);
    const state: UpdateJourney = {
      reference: request.referenceNumber,
      authorizationNumber: request.authorizationNumber,
      // The decision counts seen now are what the update is sent against (compare-and-set).
      seen: Object.fromEntries(request.lines.map((l) => [String(l.lineNumber), l.decisionCount])),
      changes: {},
      linesConfirmed: false,
      added: [],
      addedConfirmed: false,
    };
    const id = crypto.randomUUID();
    await insertJourney(db, { id, kind: kind.kind, userId: user.id, organizationId: user.organizationId, state });
    await audit(db, req, res, 'authorization-update-started', { memberId: request.memberId, referenceNumber: request.referenceNumber });
    res.redirect(303, journeyUrl(kind, id, kind.flow.first.slug));
  });

  engine.mount(router, { cancel: true, withParam: true });
  return router;
}
