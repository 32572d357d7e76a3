import crypto from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import { deactivateApiClient, findOrganizationApiClient, insertApiClient, listApiClients } from '../db/repositories/apiClients';
import { checkPublicKeySet } from '../domain/apiClients';
import { formatDateTime } from '../domain/dates';
import { currentUser } from '../middleware/signIn';
import { notFound } from '../middleware/errors';
import { audit } from '../services/audit';
import { textOf, type FieldError } from '../validation';
import type { FhirAddresses } from './fhir/smartAuth';

/** An office's administrator only; for anyone else the pages do not exist. */
function requireOrganizationAdministrator(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user?.role === 'org_admin') return next();
  notFound(req, res);
}

const ID = /^\d{1,9}$/;

/**
 * API clients (issue 15): an office's administrator registers the EHR that calls the Prior
 * Authorization API on the office's behalf by pasting its public key set (JWKS, kept inline: the portal
 * fetches nothing), lists its clients and deactivates one (its tokens end at once). Audited.
 */
export function apiClientsRouter(db: Db, addresses: FhirAddresses, clock: () => Date): Router {
  const router = Router();
  router.use('/api-clients', requireOrganizationAdministrator);

  const show = async (res: Response, values: Record<string, string>, errors: FieldError[]) => {
    const admin = currentUser(res);
    const clients = await listApiClients(db, admin.organizationId);
    res.status(errors.length > 0 ? 422 : 200).render('apiClients/index', {
      title: `${errors.length > 0 ? 'Error: ' : ''}API clients`,
      errors,
      values,
      tokenEndpoint: addresses.tokenEndpoint,
      fhirBase: addresses.base,
      clients: clients.map((c) => ({ id: c.id, name: c.name, clientId: c.clientId, createdBy: c.createdByName, createdAt: formatDateTime(c.createdAt), active: c.active })),
    });
  };

  router.get('/api-clients', (_req, res) => show(res, {}, []));

  router.post('/api-clients', async (req, res) => {
    const name = textOf(req.body.name).trim();
    const jwks = textOf(req.body.jwks).trim();
    const errors: FieldError[] = [];
    if (name === '') errors.push({ field: 'name', message: 'Enter a name for the client, like the EHR it is' });
    else if (name.length > 100) errors.push({ field: 'name', message: 'Name must be 100 characters or fewer' });
    const keySet = checkPublicKeySet(jwks);
    if ('problem' in keySet) errors.push({ field: 'jwks', message: keySet.problem });
    if (errors.length > 0 || 'problem' in keySet) return show(res, { name, jwks }, errors);
    const admin = currentUser(res);
    const clientId = crypto.randomUUID();
    await insertApiClient(db, { organizationId: admin.organizationId, name, clientId, jwks: JSON.stringify({ keys: keySet.keys }), createdBy: admin.id, createdAt: clock().toISOString() });
    await audit(db, req, res, 'api-client-registered', { detail: `${name} (${clientId})` });
    req.session.flash = `${name} is registered. Its client_id is ${clientId}.`;
    res.redirect(303, '/api-clients');
  });

  router.post('/api-clients/:id/deactivate', async (req, res) => {
    const id = String(req.params.id);
    const client = ID.test(id) ? await findOrganizationApiClient(db, currentUser(res).organizationId, Number(id)) : undefined;
    if (!client) return notFound(req, res);
    if (client.active) {
      await deactivateApiClient(db, client.id, clock().toISOString());
      await audit(db, req, res, 'api-client-deactivated', { detail: `${client.name} (${client.clientId})` });
    }
    req.session.flash = `${client.name} is deactivated: its access tokens no longer work.`;
    res.redirect(303, '/api-clients');
  });

  return router;
}
