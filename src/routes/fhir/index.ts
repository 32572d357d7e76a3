import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/database';
import { DEFAULT_API_CALL_LIMIT, type ApiCallLimit } from '../../domain/apiCallLimits';
import { capabilityStatement } from './capabilityStatement';
import { claimInquireRouter } from './claimInquire';
import { claimSubmitRouter } from './claimSubmit';
import { subscriptionsRouter, type EndpointPolicy } from './subscriptions';
import { operationOutcome } from './operationOutcome';
import { auditApiCall, requireAccessToken, smartAuthRouter, tokenHolder, type FhirAddresses } from './smartAuth';

/**
 * The Prior Authorization API (issue 15, Da Vinci PAS 2.2.1 on FHIR R4). Mounted before the portal's
 * sessions and CSRF: an API client proves who it is with its access token, never a cookie.
 */
export interface FhirOptions {
  /** The plan's time zone: the day a cancellation is made in (an approved line may be cancelled until its service starts). */
  timeZone: string;
  /** Calls one client may make in a window (tests set it low to see the limit). */
  callLimit?: ApiCallLimit;
  /** Where files sent in a Bundle (DocumentReference attachments) are kept, as uploads are. */
  uploadDir: string;
  /** Where Subscription notifications may go: public addresses, and the hosts the plan allows. */
  endpoints: EndpointPolicy;
}

export function fhirRouter(db: Db, addresses: FhirAddresses, clock: () => Date, log: (err: unknown, req: Request) => void, options: FhirOptions): Router {
  const router = Router();
  const limit = options.callLimit ?? DEFAULT_API_CALL_LIMIT;
  router.use(smartAuthRouter(db, addresses, clock, limit));
  // The CapabilityStatement, like the SMART discovery document, is read before any token is held.
  router.get('/fhir/metadata', (_req, res) => {
    res.type('application/fhir+json').send(JSON.stringify(capabilityStatement(addresses, clock().toISOString().slice(0, 10), limit)));
  });
  // Everything else under /fhir needs a token, an unknown address included (401 before 404).
  router.use('/fhir', requireAccessToken(db, clock, limit));
  router.use(claimSubmitRouter(db, addresses, clock, options.timeZone, options.uploadDir));
  router.use(claimInquireRouter(db, addresses, clock));
  router.use(subscriptionsRouter(db, addresses, clock, options.endpoints));
  router.use('/fhir', async (req, res) => {
    await auditApiCall(db, req, tokenHolder(res).client, 'api-request-refused', { detail: `${req.method} ${req.originalUrl.split('?')[0]}: no such operation` });
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
