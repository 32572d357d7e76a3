import { PAS_SUBSCRIPTION_TOPIC, SUBSCRIPTION_PROFILE } from '../../domain/subscriptions';
import type { ApiCallLimit } from '../../domain/apiCallLimits';
import type { FhirAddresses } from './smartAuth';

/**
 * GET /fhir/metadata: what the API supports now (FHIR R4 CapabilityStatement), with the SMART
 * Backend Services token endpoint in the security section. It grows as the PAS operations land; it
 * never lists an operation the server does not serve.
 * https://hl7.org/fhir/R4/capabilitystatement.html, https://hl7.org/fhir/smart-app-launch/conformance.html
 */
export function capabilityStatement(addresses: FhirAddresses, date: string, callLimit: ApiCallLimit): object {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'OpenPA' },
    implementation: { description: 'OpenPA Prior Authorization API', url: addresses.base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [{ url: 'token', valueUri: addresses.tokenEndpoint }] }],
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          description: `SMART Backend Services: client credentials with a JWT assertion signed RS384 or ES384; scopes system/Claim.write, system/Claim.read, system/Subscription.*. Each client may make at most ${callLimit.calls} calls (token requests included) in ${callLimit.windowSeconds} seconds; more are answered 429 with Retry-After`,
        },
        resource: [
          {
            type: 'Claim',
            supportedProfile: ['http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claim'],
            operation: [
              {
                name: 'submit',
                definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit',
                documentation: 'A PAS request Bundle. A Claim whose related names an earlier request (Claim/<reference number>, Claim/<the id of the Claim it was submitted with>, or that Claim\'s identifier) acts on the version of the authorization that stands: when it only cancels, it withdraws the request (certification type 3) or its items (infoCancelled); when it changes items (infoChanged: the new total units, a later end date) or adds items (a new sequence), cancelled items beside, it updates the authorization: a new version with its own reference number, answered with that version\'s response. Scope system/Claim.write',
              },
              {
                name: 'inquire',
                definition: 'http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry',
                documentation: "A PAS inquiry Bundle naming the request by its reference or authorization number (insurance.preAuthRef) or its Claim identifier, with the member's id and the requesting NPI; answers a Parameters with one inquiry response Bundle per request found, none when nothing matches. Scope system/Claim.read",
              },
            ],
          },
          {
            // R4 Subscriptions Backport: the topics a server offers are listed on its Subscription resource.
            // https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-capabilitystatement-subscriptiontopic-canonical.html
            extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical', valueCanonical: PAS_SUBSCRIPTION_TOPIC }],
            type: 'Subscription',
            supportedProfile: [SUBSCRIPTION_PROFILE, 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription'],
            interaction: [{ code: 'create' }, { code: 'read' }, { code: 'delete' }],
            documentation: 'rest-hook channel, full-resource payload as application/fhir+json, filtered by org-identifier=<the NPI of the client\'s organization>; requested until the endpoint answers a handshake, then active; optional backport-heartbeat-period of 60 to 86400 s; scope system/Subscription.*',
          },
        ],
      },
    ],
  };
}
