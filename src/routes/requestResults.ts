import { Router } from 'express';
import type { Db } from '../db/database';
import { findRequestForOrganization } from '../db/repositories/requests';
import { formatDate } from '../domain/dates';
import { currentUser } from '../middleware/signIn';

/**
 * The results page of a submitted request. Only users of the organization that submitted it can see
 * it; for anyone else it does not exist (404), so a reference number reveals nothing.
 */
export function requestResultsRouter(db: Db): Router {
  const router = Router();
  router.get('/prior-auth/requests/:reference', async (req, res) => {
    const user = currentUser(res);
    const reference = String(req.params.reference);
    const request = /^\d{9}$/.test(reference) ? await findRequestForOrganization(db, user.organizationId, reference) : undefined;
    if (!request) return void res.status(404).render('errors/notFound', { title: 'Page not found' });
    const submittedOn = formatDate(request.submittedAt.slice(0, 10));
    res.render('priorAuth/results', {
      title: `Request ${request.referenceNumber} submitted`,
      referenceNumber: request.referenceNumber,
      authorizationNumber: request.authorizationNumber,
      requestType: request.requestType,
      status: request.status,
      patient: { name: `${request.member.firstName} ${request.member.lastName}`, memberId: request.member.memberId, dateOfBirth: formatDate(request.member.dateOfBirth) },
      provider: `${request.provider.name} (NPI ${request.provider.npi})`,
      diagnoses: request.diagnoses.map((d, i) => ({ ...d, primary: i === 0 })),
      anyPended: request.lines.some((l) => l.status === 'Pended'),
      lines: request.lines.map((l) => ({
        lineNumber: l.lineNumber,
        code: l.code,
        description: l.description ?? '',
        fromDate: formatDate(l.fromDate),
        toDate: formatDate(l.toDate),
        units: l.units,
        requestedDate: submittedOn,
        authorizedUnits: l.authorizedUnits ?? '',
        authorizedDate: formatDate(l.authorizedDate),
        status: l.status,
      })),
    });
  });
  return router;
}
