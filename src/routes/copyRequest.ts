import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import Joi from 'joi';
import type { Db } from '../db/database';
import { insertJourney } from '../db/repositories/journeys';
import { findMemberById } from '../db/repositories/members';
import type { RequestDetail } from '../db/repositories/requests';
import { nextCounterValue } from '../db/repositories/requestSubmission';
import { formatDate } from '../domain/dates';
import { eligibilityOn } from '../domain/eligibility';
import { formatAuthorizationNumber } from '../domain/referenceNumbers';
import { answersCopiedFrom } from '../journeys/priorAuth/copy';
import { newJourney } from '../journeys/priorAuth/journey';
import { PRIOR_AUTH } from '../journeys/priorAuth/kind';
import { stepUrl } from '../journeys/priorAuth/urls';
import { notFound } from '../middleware/errors';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { dateField, validate, type FieldError } from '../validation';
import { memberResultView } from './memberSearch';
import { ownRequest, requestUrl } from './requestDetail';

const schema = Joi.object({ startDate: dateField('start date of service') });

function render(res: Response, request: RequestDetail, startDate: string, errors: FieldError[] = [], status = 200): void {
  const back = requestUrl(request.referenceNumber);
  res.status(status).render('priorAuth/copy', {
    title: `${errors.length > 0 ? 'Error: ' : ''}Copy request ${request.referenceNumber} to a new request`,
    errors,
    back,
    action: `${back}/copy`,
    referenceNumber: request.referenceNumber,
    copied: [
      { term: 'Member', value: `${request.member.firstName} ${request.member.lastName}, member ID ${request.member.memberId}` },
      { term: 'Care setting', value: `${request.careSetting === 'inpatient' ? 'Inpatient' : 'Outpatient'}, ${request.categoryName}` },
      { term: 'Servicing provider', value: `${request.provider.name} (NPI ${request.provider.npi})` },
      { term: 'Diagnosis codes', value: request.diagnoses.map((d) => d.code).join(', ') },
      { term: 'Procedures', value: request.lines.map((l) => `${l.code} (${l.units} ${l.units === 1 ? 'unit' : 'units'})`).join(', ') },
    ],
    startDate,
  });
}

/**
 * "Copy to a new request" on the office's request page (issue 14): asks for the new start date of
 * service, checks the member's eligibility on it as the member search does, then starts a new request
 * journey pre-filled from this one (answersCopiedFrom) at its first unanswered step, the service
 * details. Any request the organization can see may be copied, a denied one included; another
 * organization's is not found.
 */
export function copyRequestRouter(db: Db, clock: () => Date): Router {
  const router = Router();

  const load = async (req: Request, res: Response) => {
    const request = await ownRequest(db, res, String(req.params.reference));
    if (!request) notFound(req, res);
    return request;
  };

  router.get('/prior-auth/requests/:reference/copy', async (req, res) => {
    const request = await load(req, res);
    if (!request) return;
    await audit(db, req, res, 'request-viewed', { memberId: request.memberId, referenceNumber: request.referenceNumber, detail: 'copy page' });
    render(res, request, '');
  });

  router.post('/prior-auth/requests/:reference/copy', async (req, res) => {
    const request = await load(req, res);
    if (!request) return;
    const typed = typeof req.body.startDate === 'string' ? req.body.startDate : '';
    const { value, errors } = validate<{ startDate: string }>(schema, { startDate: typed });
    if (errors.length > 0) return render(res, request, typed, errors, 422);
    const member = await findMemberById(db, request.memberId);
    if (!member) return notFound(req, res);
    if (!eligibilityOn(member.eligibility, value.startDate)) {
      const view = memberResultView(member, value.startDate);
      const spans = view.spans.length > 0 ? ` Eligibility: ${view.spans.join('; ')}.` : '';
      return render(res, request, typed, [{ field: 'startDate', message: `${view.name} is not eligible on ${formatDate(value.startDate)}: enter a start date when the member is eligible.${spans}` }], 422);
    }
    const user = currentUser(res);
    const authorizationNumber = formatAuthorizationNumber(await nextCounterValue(db, 'authorization-number', 1950));
    const id = crypto.randomUUID();
    const state = newJourney({ id, userId: user.id, memberId: member.id, dateOfService: value.startDate, authorizationNumber }, clock());
    state.answers = answersCopiedFrom(request);
    await insertJourney(db, { id, kind: PRIOR_AUTH, userId: user.id, organizationId: user.organizationId, state });
    await audit(db, req, res, 'request-copied', { memberId: member.id, referenceNumber: request.referenceNumber });
    req.session.flash = `Copied from request ${request.referenceNumber}: the member, care setting, provider and codes. Enter the dates of service, then check the codes.`;
    res.redirect(303, stepUrl(state, 'service-details'));
  });

  return router;
}
