import { Router } from 'express';
import type { Db } from '../../db/database';
import { inquirePasBundle } from '../../fhir/inquireClaim';
import { fhirJsonOperation, refusal, sendFhir } from './fhirJson';
import { auditApiCall, tokenHolder, type FhirAddresses } from './smartAuth';

/** POST /fhir/Claim/$inquire: a PAS inquiry Bundle in, the requests it names as they stand out (issue 15). */
export function claimInquireRouter(db: Db, addresses: FhirAddresses, clock: () => Date): Router {
  const router = Router();
  router.post('/fhir/Claim/$inquire', ...fhirJsonOperation('system/Claim.read'), async (req, res) => {
    const { client } = tokenHolder(res);
    const outcome = await inquirePasBundle(db, client, req.body, addresses.base, clock());
    if (outcome.status !== 200) {
      await auditApiCall(db, req, client, 'api-request-refused', { detail: '$inquire' });
      return sendFhir(res, outcome.status, refusal(outcome.issues));
    }
    if (outcome.referenceNumbers.length === 0) await auditApiCall(db, req, client, 'request-inquired', { detail: '$inquire: no request found' });
    for (const referenceNumber of outcome.referenceNumbers) await auditApiCall(db, req, client, 'request-inquired', { referenceNumber, detail: '$inquire' });
    sendFhir(res, 200, outcome.body);
  });
  return router;
}
