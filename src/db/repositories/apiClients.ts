import type { Db } from '../database';
import { insertedId } from '../results';

/** API clients (issue 15), the assertion ids they have used, and the access tokens issued to them. */

export interface ApiClient {
  id: number;
  organizationId: number;
  name: string;
  clientId: string;
  jwks: string;
  createdBy: number;
  createdAt: string;
  active: boolean;
}

export interface ApiClientListing extends ApiClient {
  createdByName: string;
}

function toClient(r: Record<string, unknown>): ApiClient {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    name: String(r.name),
    clientId: String(r.client_id),
    jwks: String(r.jwks),
    createdBy: Number(r.created_by),
    createdAt: String(r.created_at),
    active: Boolean(r.active),
  };
}

export async function insertApiClient(db: Db, c: Omit<ApiClient, 'id' | 'active'>): Promise<number> {
  return insertedId(
    await db('api_clients')
      .insert({ organization_id: c.organizationId, name: c.name, client_id: c.clientId, jwks: c.jwks, created_by: c.createdBy, created_at: c.createdAt, active: true })
      .returning('id'),
  );
}

export async function listApiClients(db: Db, organizationId: number): Promise<ApiClientListing[]> {
  const rows = await db('api_clients as c')
    .join('users as u', 'u.id', 'c.created_by')
    .where('c.organization_id', organizationId)
    .orderBy('c.id')
    .select('c.*', 'u.display_name as created_by_name');
  return rows.map((r: Record<string, unknown>) => ({ ...toClient(r), createdByName: String(r.created_by_name) }));
}

/** An organization's client by its row id: another organization's is not found. */
export async function findOrganizationApiClient(db: Db, organizationId: number, id: number): Promise<ApiClient | undefined> {
  const row = await db('api_clients').where({ id, organization_id: organizationId }).first();
  return row ? toClient(row) : undefined;
}

export async function findApiClientByClientId(db: Db, clientId: string): Promise<ApiClient | undefined> {
  const row = await db('api_clients').where({ client_id: clientId }).first();
  return row ? toClient(row) : undefined;
}

/** Deactivates a client and ends its tokens at once. */
export async function deactivateApiClient(db: Db, id: number, at: string): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('api_clients').where({ id }).update({ active: false, deactivated_at: at });
    await trx('api_access_tokens').where({ api_client_id: id }).delete();
  });
}

/**
 * Records an assertion's `jti` for its client; false when it was already used (the primary key says
 * so, on both databases, even for two token requests at once). Expired ids are purged first: an
 * expired assertion is refused on its `exp` anyway.
 */
export async function useAssertionId(db: Db, apiClientId: number, jti: string, expiresAt: string, now: string): Promise<boolean> {
  await db('api_assertion_ids').where('expires_at', '<', now).delete();
  const rows = await db('api_assertion_ids').insert({ api_client_id: apiClientId, jti, expires_at: expiresAt }).onConflict(['api_client_id', 'jti']).ignore().returning('jti');
  return rows.length === 1;
}

export async function insertAccessToken(db: Db, tokenHash: string, apiClientId: number, scopes: readonly string[], expiresAt: string, now: string): Promise<void> {
  await db('api_access_tokens').where('expires_at', '<', now).delete();
  await db('api_access_tokens').insert({ token_hash: tokenHash, api_client_id: apiClientId, scopes: scopes.join(' '), expires_at: expiresAt });
}

export interface TokenHolder {
  client: ApiClient;
  scopes: string[];
}

/** Who holds an access token: an active client, while the token has not expired. */
export async function findTokenHolder(db: Db, tokenHash: string, now: string): Promise<TokenHolder | undefined> {
  const row = await db('api_access_tokens as t')
    .join('api_clients as c', 'c.id', 't.api_client_id')
    .where('t.token_hash', tokenHash)
    .where('t.expires_at', '>', now)
    .where('c.active', true)
    .first('c.*', 't.scopes as token_scopes');
  return row ? { client: toClient(row), scopes: String(row.token_scopes).split(' ').filter(Boolean) } : undefined;
}
