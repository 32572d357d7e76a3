import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/database';
import { capabilityStatement } from './capabilityStatement';
import { claimSubmitRouter } from './claimSubmit';
import { operationOutcome } from './operationOutcome';
import { requireAccessToken, smartAuthRouter, type FhirAddresses } from './smartAuth';

/**
 * The Prior Authorization API (issue 15, Da Vinci PAS 2.2.1 on FHIR R4). Mounted before the portal's
 * sessions and CSRF: an API client proves who it is with its access token, never a cookie.
 */
export function fhirRouter(db: Db, addresses: FhirAddresses, clock: () => Date, log: (err: unknown, req: Request) => void, uploadDir: string): Router {
  const router = Router();
  router.use(smartAuthRouter(db, addresses, clock));
  // The CapabilityStatement, like the SMART discovery document, is read before any token is held.
  router.get('/fhir/metadata', (_req, res) => {
    res.type('application/fhir+json').send(JSON.stringify(capabilityStatement(addresses, clock().toISOString().slice(0, 10))));
  });
  // Everything else under /fhir needs a token, an unknown address included (401 before 404).
  router.use('/fhir', requireAccessToken(db, clock));
  router.use(claimSubmitRouter(db, addresses, clock, uploadDir));
  router.use('/fhir', (_req, res) => {
    res.status(404).type('application/fhir+json').send(JSON.stringify(operationOutcome([{ severity: 'error', code: 'not-found', diagnostics: 'No such FHIR operation or resource' }])));
  });
  router.use('/fhir', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; type?: string } | null;
    const status = e?.status;
    if (status && status >= 400 && status < 500) {
      const diagnostics = e?.type === 'entity.parse.failed' ? 'The body is not valid JSON' : e?.type === 'entity.too.large' ? 'The body is too large' : 'The request could not be read';
      res.status(status).type('application/fhir+json').send(JSON.stringify(operationOutcome([{ severity: 'error', code: e?.type === 'entity.parse.failed' ? 'structure' : 'invalid', diagnostics }])));
      return;
    }
    log(err, req);
    res.status(500).type('application/fhir+json').send(JSON.stringify(operationOutcome([{ severity: 'fatal', code: 'exception', diagnostics: 'The server failed to handle the request' }])));
  });
  return router;
}
