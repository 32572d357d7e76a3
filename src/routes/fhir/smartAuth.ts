import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/database';
import { appendAudit } from '../../db/repositories/auditLog';
import type { ApiClient, TokenHolder } from '../../db/repositories/apiClients';
import type { AuditAction } from '../../db/repositories/auditLog';
import { API_SCOPES, ASSERTION_ALGORITHMS } from '../../domain/apiClients';
import { countApiCall } from '../../db/repositories/apiCallWindows';
import { callWindow, overLimit, type ApiCallLimit } from '../../domain/apiCallLimits';
import { bearerHolder, issueAccessToken } from '../../services/smartBackendServices';
import { operationOutcome } from './operationOutcome';

/** The FHIR API's own addresses, built from PUBLIC_BASE_URL (never from the request's Host header). */
export interface FhirAddresses {
  base: string;
  tokenEndpoint: string;
}

export function fhirAddresses(publicBaseUrl: string): FhirAddresses {
  const root = publicBaseUrl.replace(/\/+$/, '');
  return { base: `${root}/fhir`, tokenEndpoint: `${root}/fhir/token` };
}

/** An audit entry for a call of the API: the client (by its client_id) and its organization, never a user. */
export async function auditApiCall(db: Db, req: Request, client: ApiClient | undefined, action: AuditAction, details: { detail?: string | null; referenceNumber?: string | null } = {}): Promise<void> {
  await appendAudit(db, {
    organizationId: client?.organizationId ?? null,
    userId: null,
    username: client ? `api-client:${client.clientId}` : null,
    clientAddress: req.ip ?? '',
    action,
    detail: details.detail ?? null,
    referenceNumber: details.referenceNumber ?? null,
    requestId: typeof req.id === 'string' ? req.id : null,
  });
}

/**
 * Counts a call of the client in its window (the token request and every call with a token) and, once
 * the client is over its limit, answers 429 with Retry-After and an OperationOutcome, audited. Returns
 * whether the call may go on.
 */
export async function admitApiCall(db: Db, req: Request, res: Response, client: ApiClient, limit: ApiCallLimit, now: Date): Promise<boolean> {
  const window = callWindow(now, limit);
  if (!overLimit(await countApiCall(db, client.id, window.start), limit)) return true;
  await auditApiCall(db, req, client, 'api-call-limited', { detail: `${req.method} ${req.originalUrl.split('?')[0]}: over ${limit.calls} calls in ${limit.windowSeconds} s` });
  res.status(429).set('Retry-After', String(window.retryAfterSeconds)).type('application/fhir+json')
    .send(JSON.stringify(operationOutcome([{ severity: 'error', code: 'throttled', diagnostics: `This client made more than ${limit.calls} calls in ${limit.windowSeconds} seconds: try again in ${window.retryAfterSeconds} seconds` }])));
  return false;
}

/** The API client a request speaks for, once requireAccessToken has let it through. */
export function tokenHolder(res: Response): TokenHolder {
  const holder = res.locals.tokenHolder as TokenHolder | undefined;
  if (!holder) throw new Error('tokenHolder() used on a route without requireAccessToken');
  return holder;
}

/**
 * SMART Backend Services: the discovery document, the token endpoint, and the guard every other
 * /fhir address sits behind (no token, an expired one or a deactivated client's: 401).
 */
export function smartAuthRouter(db: Db, addresses: FhirAddresses, clock: () => Date, limit: ApiCallLimit): Router {
  const router = Router();

  // https://hl7.org/fhir/smart-app-launch/conformance.html
  const configuration = {
    issuer: addresses.base,
    token_endpoint: addresses.tokenEndpoint,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    grant_types_supported: ['client_credentials'],
    scopes_supported: [...API_SCOPES],
    capabilities: ['client-confidential-asymmetric'],
  };
  const smartConfiguration = (_req: Request, res: Response) => void res.json(configuration);
  router.get('/.well-known/smart-configuration', smartConfiguration);
  router.get('/fhir/.well-known/smart-configuration', smartConfiguration);

  router.post('/fhir/token', async (req, res) => {
    const now = clock();
    const outcome = await issueAccessToken(db, (req.body ?? {}) as Record<string, unknown>, addresses.tokenEndpoint, now, (client) => admitApiCall(db, req, res, client, limit, now));
    if ('limited' in outcome) return;
    await auditApiCall(db, req, outcome.client, 'issued' in outcome ? 'api-token-issued' : 'api-token-refused', { detail: 'issued' in outcome ? outcome.issued.scope : outcome.error });
    // RFC 6749 section 5.1: token responses are never cached.
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    if ('issued' in outcome) return void res.json(outcome.issued);
    if (outcome.status === 401) res.set('WWW-Authenticate', 'Bearer');
    res.status(outcome.status).json({ error: outcome.error, error_description: outcome.error_description });
  });

  return router;
}

/** Every /fhir address but the metadata and discovery needs a valid access token; each call counts toward the client's limit. */
export function requireAccessToken(db: Db, clock: () => Date, limit: ApiCallLimit) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const holder = await bearerHolder(db, req.get('authorization'), clock());
    if (!holder) {
      res.status(401).set('WWW-Authenticate', 'Bearer').type('application/fhir+json')
        .send(JSON.stringify(operationOutcome([{ severity: 'error', code: 'login', diagnostics: 'A valid access token is required: request one from the token endpoint (SMART Backend Services)' }])));
      return;
    }
    if (!(await admitApiCall(db, req, res, holder.client, limit, clock()))) return;
    res.locals.tokenHolder = holder;
    next();
  };
}
