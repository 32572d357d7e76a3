import express, { Router } from 'express';
import type { Db } from '../../db/database';
import { scopeAllows } from '../../domain/apiClients';
import { submitPasBundle } from '../../fhir/submitClaim';
import { operationOutcome } from './operationOutcome';
import { auditApiCall, tokenHolder, type FhirAddresses } from './smartAuth';

const FHIR_JSON = ['application/fhir+json', 'application/json'];

/** POST /fhir/Claim/$submit: a PAS request Bundle in, a PAS response Bundle out (issue 15). */
export function claimSubmitRouter(db: Db, addresses: FhirAddresses, clock: () => Date, uploadDir: string): Router {
  const router = Router();
  const send = (res: express.Response, status: number, body: object) => void res.status(status).type('application/fhir+json').send(JSON.stringify(body));

  router.post(
    '/fhir/Claim/$submit',
    (req, res, next) => {
      if (!scopeAllows(tokenHolder(res).scopes, 'system/Claim.write')) return send(res, 403, operationOutcome([{ severity: 'error', code: 'forbidden', diagnostics: 'The access token lacks the scope system/Claim.write' }]));
      if (!req.is(FHIR_JSON)) return send(res, 415, operationOutcome([{ severity: 'error', code: 'not-supported', diagnostics: 'Send the Bundle as application/fhir+json' }]));
      next();
    },
    // Room for a Bundle carrying one clinical file of the uploads' 10 MB limit, base64 (a third larger).
    express.json({ type: FHIR_JSON, limit: '15mb', strict: false }),
    async (req, res) => {
      const { client } = tokenHolder(res);
      const now = clock();
      const outcome = await submitPasBundle(db, client, req.body, addresses.base, now, uploadDir);
      await auditApiCall(db, req, client, outcome.status === 200 ? 'request-submitted' : 'api-request-refused', {
        referenceNumber: outcome.status === 200 ? outcome.referenceNumber : null,
        detail: outcome.status === 200 ? 'through the API ($submit)' : '$submit',
      });
      if (outcome.status !== 200) {
        return send(res, outcome.status, operationOutcome(outcome.issues.map((i) => ({ severity: i.severity, code: i.code, diagnostics: i.diagnostics, expression: [i.expression] }))));
      }
      send(res, 200, outcome.bundle);
    },
  );
  return router;
}
