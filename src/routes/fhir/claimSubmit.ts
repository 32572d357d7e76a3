import { Router } from 'express';
import type { Db } from '../../db/database';
import { submitPasBundle } from '../../fhir/submitClaim';
import { fhirJsonOperation, refusal, sendFhir } from './fhirJson';
import { auditApiCall, tokenHolder, type FhirAddresses } from './smartAuth';

/**
 * POST /fhir/Claim/$submit: a PAS request Bundle in, a PAS response Bundle out (issue 15); a Claim that
 * cancels an earlier request's items or the whole request withdraws them; one that changes or adds
 * items updates the authorization (a new version).
 */
export function claimSubmitRouter(db: Db, addresses: FhirAddresses, clock: () => Date, timeZone: string, uploadDir: string): Router {
  const router = Router();
  // Room for a Bundle carrying one clinical file of the uploads' 10 MB limit, base64 (a third larger).
  router.post('/fhir/Claim/$submit', ...fhirJsonOperation('system/Claim.write', '15mb'), async (req, res) => {
    const { client } = tokenHolder(res);
    const now = clock();
    const outcome = await submitPasBundle(db, client, req.body, addresses.base, now, timeZone, uploadDir);
    if (outcome.status === 200 && outcome.cancelledLines) {
      await auditApiCall(db, req, client, 'request-withdrawn', { referenceNumber: outcome.referenceNumber, detail: `through the API ($submit cancelling ${outcome.cancelledLines.length === 0 ? 'nothing more' : `lines ${outcome.cancelledLines.join(', ')}`})` });
    } else if (outcome.status === 200 && outcome.updated) {
      await auditApiCall(db, req, client, 'authorization-update-submitted', { referenceNumber: outcome.referenceNumber, detail: 'through the API ($submit with related)' });
    } else {
      await auditApiCall(db, req, client, outcome.status === 200 ? 'request-submitted' : 'api-request-refused', {
        referenceNumber: outcome.status === 200 ? outcome.referenceNumber : null,
        detail: outcome.status === 200 ? 'through the API ($submit)' : '$submit',
      });
    }
    if (outcome.status !== 200) return sendFhir(res, outcome.status, refusal(outcome.issues));
    sendFhir(res, 200, outcome.bundle);
  });
  return router;
}
