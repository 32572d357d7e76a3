import type { Db } from '../db/database';
import type { ApiClient } from '../db/repositories/apiClients';
import { currentVersions, findEarlierRequests, organizationNpi } from '../db/repositories/apiSubmissions';
import { mapPasInquiry } from './pasInquiry';
import type { MappingIssue } from './pasMapping';
import { pasResponseForRequest } from './requestState';

/**
 * POST /fhir/Claim/$inquire (issue 15): the requests of the client's organization an inquiry names, each
 * as it stands now, in the answer PAS 2.2.1 defines: a Parameters with one `return` inquiry response
 * Bundle per authorization found (its version that stands now), and none when nothing matches. A request of another organization, or asked
 * about with a member or NPI that is not its own, is not found, exactly as an unknown one.
 */
export type InquireOutcome = { status: 200; body: object; referenceNumbers: string[]; warnings: MappingIssue[] } | { status: 400; issues: MappingIssue[] };

export async function inquirePasBundle(db: Db, client: ApiClient, body: unknown, base: string, now: Date): Promise<InquireOutcome> {
  const mapped = mapPasInquiry(body);
  if ('errors' in mapped) return { status: 400, issues: [...mapped.errors, ...mapped.warnings] };
  const { inquiry, warnings } = mapped;
  const ownNpi = (await organizationNpi(db, client.organizationId)) === inquiry.providerNpi;
  // An authorization updated (issue 14) is answered as its version that stands, once, whichever version is named.
  const found = ownNpi ? await currentVersions(db, client.organizationId, await findEarlierRequests(db, { organizationId: client.organizationId, ...inquiry })) : [];
  const bundles = [];
  for (const request of found) bundles.push(await pasResponseForRequest(db, request.referenceNumber, inquiry, base, now, 'inquiry'));
  return {
    status: 200,
    // FHIR JSON has no empty arrays: nothing found is a Parameters without any parameter.
    body: bundles.length > 0 ? { resourceType: 'Parameters', parameter: bundles.map((resource) => ({ name: 'return', resource })) } : { resourceType: 'Parameters' },
    referenceNumbers: found.map((r) => r.referenceNumber),
    warnings,
  };
}
