import request from 'supertest';
import type { App } from '../../src/app';
import { expectValidFhir } from './fhirSchema';
import { expectPasResponse } from './pasStructure';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */

/**
 * POST /fhir/Claim/$submit as an EHR would, and the conformance every answer must have (issue 15): valid
 * FHIR R4 JSON (the base schema), and a 200 a PAS response Bundle (the profiles' required elements).
 * A body given as a string is sent as it is (bad JSON, say).
 */
export async function submitPas(app: App, token: string, body: unknown, contentType = 'application/fhir+json') {
  const res = await request(app).post('/fhir/Claim/$submit').set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(typeof body === 'string' ? body : JSON.stringify(body));
  expectValidFhir(res.body);
  if (res.status === 200) expectPasResponse(res.body);
  return res;
}

/** The warnings a response Bundle carries (its OperationOutcome entries' issues). */
export const warningsOf = (bundle: any): any[] => bundle.entry.filter((e: any) => e.resource.resourceType === 'OperationOutcome').flatMap((e: any) => e.resource.issue);

/** An item's X12 306 review action code (A1, A4...). */
export const reviewCode = (item: any): string => item.adjudication[0].extension[0].extension.find((e: any) => e.url.endsWith('reviewActionCode')).valueCodeableConcept.coding[0].code;
