import { Router, type Response } from 'express';
import type { Db } from '../../db/database';
import { organizationNpi } from '../../db/repositories/apiSubmissions';
import { countSubscriptions, deleteSubscription, findSubscription, insertSubscription, MAX_SUBSCRIPTIONS_PER_ORGANIZATION, type SubscriptionRecord } from '../../db/repositories/subscriptions';
import { scopeAllows } from '../../domain/apiClients';
import { FILTER_CRITERIA_URL, FILTER_PARAMETER, readSubscription } from '../../domain/subscriptions';
import { subscriptionResource } from '../../fhir/subscriptionResources';
import type { AllowedHosts } from '../../domain/endpointAddresses';
import { endpointRefusal, type HostResolver } from '../../services/endpointLookup';
import { fhirJsonBody, sendFhir } from './fhirJson';
import { operationOutcome, type OutcomeIssue } from './operationOutcome';
import { auditApiCall, tokenHolder, type FhirAddresses } from './smartAuth';

/**
 * Subscriptions (issue 15, R4 Subscriptions Backport as PAS uses it): create, read and delete a
 * rest-hook Subscription on the PAS topic for the client's own organization. Another organization's
 * subscription is not found, exactly as its requests are.
 */
export interface EndpointPolicy {
  /** SUBSCRIPTION_ALLOWED_HOSTS: hosts trusted though not public. */
  allowed: AllowedHosts;
  resolve: HostResolver;
}

export function subscriptionsRouter(db: Db, addresses: FhirAddresses, clock: () => Date, endpoints: EndpointPolicy): Router {
  const router = Router();
  const refuse = (res: Response, status: number, issues: OutcomeIssue[]) => sendFhir(res, status, operationOutcome(issues));
  // A subscription past its end notifies no more: it reads as off (R4 Subscription.status).
  const resource = (s: SubscriptionRecord) => subscriptionResource({ ...s, status: s.end && s.end <= clock().toISOString() ? 'off' : s.status });
  const notFound = (res: Response) => refuse(res, 404, [{ severity: 'error', code: 'not-found', diagnostics: 'No such Subscription' }]);

  router.use('/fhir/Subscription', async (req, res, next) => {
    const holder = tokenHolder(res);
    if (scopeAllows(holder.scopes, 'system/Subscription.*')) return next();
    await auditApiCall(db, req, holder.client, 'api-request-refused', { detail: 'Subscription: no system/Subscription.* scope' });
    refuse(res, 403, [{ severity: 'error', code: 'forbidden', diagnostics: 'The access token lacks the scope system/Subscription.*' }]);
  });

  router.post(
    '/fhir/Subscription',
    ...fhirJsonBody('Subscription', '100kb'),
    async (req, res) => {
      const { client } = tokenHolder(res);
      const now = clock();
      const reading = readSubscription(req.body, now);
      if ('issues' in reading) {
        await auditApiCall(db, req, client, 'api-request-refused', { detail: 'Subscription create' });
        return refuse(res, 422, reading.issues.map((i) => ({ severity: 'error', code: i.code, diagnostics: i.diagnostics, expression: [i.expression] })));
      }
      // A client subscribes for its own organization only: the filter must name the organization's NPI.
      if ((await organizationNpi(db, client.organizationId)) !== reading.subscription.organizationNpi) {
        await auditApiCall(db, req, client, 'api-request-refused', { detail: 'Subscription for another organization' });
        return refuse(res, 403, [{ severity: 'error', code: 'forbidden', diagnostics: `NPI ${reading.subscription.organizationNpi} is not the NPI of this client's organization: subscribe with ${FILTER_PARAMETER}=<your organization's NPI>`, expression: [`Subscription.criteria.extension('${FILTER_CRITERIA_URL}').value`] }]);
      }
      // Notifications go to public addresses only (no requests into the plan's own network), unless the plan allows the host.
      const refusal = await endpointRefusal(reading.subscription.endpoint, endpoints.allowed, endpoints.resolve);
      if (refusal) {
        await auditApiCall(db, req, client, 'api-request-refused', { detail: 'Subscription: endpoint not public' });
        return refuse(res, 422, [{ severity: 'error', code: 'business-rule', diagnostics: refusal, expression: ['Subscription.channel.endpoint'] }]);
      }
      if ((await countSubscriptions(db, client.organizationId)) >= MAX_SUBSCRIPTIONS_PER_ORGANIZATION) {
        await auditApiCall(db, req, client, 'api-request-refused', { detail: 'Subscription: too many' });
        return refuse(res, 422, [{ severity: 'error', code: 'business-rule', diagnostics: `The organization already has ${MAX_SUBSCRIPTIONS_PER_ORGANIZATION} subscriptions, the most it may hold: delete one first`, expression: ['Subscription'] }]);
      }
      const made = await insertSubscription(db, { ...reading.subscription, organizationId: client.organizationId, apiClientId: client.id, at: now });
      await auditApiCall(db, req, client, 'subscription-created', { detail: made.id });
      res.location(`${addresses.base}/Subscription/${made.id}`);
      sendFhir(res, 201, resource(made));
    },
  );

  router.get('/fhir/Subscription/:id', async (req, res) => {
    const { client } = tokenHolder(res);
    const found = await findSubscription(db, client.organizationId, String(req.params.id));
    await auditApiCall(db, req, client, found ? 'subscription-read' : 'api-request-refused', { detail: found ? found.id : 'Subscription read: not found' });
    if (!found) return notFound(res);
    sendFhir(res, 200, resource(found));
  });

  router.delete('/fhir/Subscription/:id', async (req, res) => {
    const { client } = tokenHolder(res);
    const deleted = await deleteSubscription(db, client.organizationId, String(req.params.id));
    await auditApiCall(db, req, client, deleted ? 'subscription-deleted' : 'api-request-refused', { detail: deleted ? String(req.params.id) : 'Subscription delete: not found' });
    if (!deleted) return notFound(res);
    res.status(204).end();
  });

  return router;
}
