import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import request from 'supertest';
import type { App } from '../../src/app';
import type { Db } from '../../src/db/database';
import { insertApiClient } from '../../src/db/repositories/apiClients';
import { CLIENT_ASSERTION_TYPE } from '../../src/domain/apiClients';

/** The address the test portal answers at (its PUBLIC_BASE_URL), and so the assertions' audience. */
export const TEST_BASE_URL = 'https://portal.test';
export const TEST_TOKEN_ENDPOINT = `${TEST_BASE_URL}/fhir/token`;
export const TEST_MAIL = { smtpUrl: undefined, publicBaseUrl: TEST_BASE_URL, from: 'OpenPA <no-reply@portal.test>' };

export interface TestKey {
  alg: 'RS384' | 'ES384';
  privateKey: KeyLike;
  publicJwks: string;
}

export async function testKey(alg: 'RS384' | 'ES384'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwks: JSON.stringify({ keys: [{ ...jwk, alg, use: 'sig', kid: crypto.randomUUID() }] }) };
}

/** A client of an organization registered straight in the database, with its key. */
export async function registeredClient(db: Db, organizationId: number, key: TestKey, createdBy: number): Promise<{ clientId: string; id: number }> {
  const clientId = crypto.randomUUID();
  const id = await insertApiClient(db, { organizationId, name: 'Test EHR', clientId, jwks: key.publicJwks, createdBy, createdAt: new Date().toISOString() });
  return { clientId, id };
}

export interface AssertionOptions {
  alg?: string;
  audience?: string;
  expiresInSeconds?: number;
  jti?: string;
  issuer?: string;
}

export async function clientAssertion(clientId: string, key: TestKey, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: o.alg ?? key.alg, kid: (JSON.parse(key.publicJwks) as { keys: { kid: string }[] }).keys[0]?.kid, typ: 'JWT' })
    .setIssuer(o.issuer ?? clientId)
    .setSubject(clientId)
    .setAudience(o.audience ?? TEST_TOKEN_ENDPOINT)
    .setExpirationTime(now + (o.expiresInSeconds ?? 240))
    .setJti(o.jti ?? crypto.randomUUID())
    .sign(key.privateKey);
}

export function requestToken(app: App, assertion: string, scope = 'system/Claim.write system/Claim.read') {
  return request(app).post('/fhir/token').type('form').send({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion, scope });
}

/** A fresh access token for a registered client. */
export async function accessToken(app: App, clientId: string, key: TestKey, scope?: string): Promise<string> {
  const res = await requestToken(app, await clientAssertion(clientId, key), scope);
  if (res.status !== 200) throw new Error(`Token refused: ${res.status} ${res.text}`);
  return (res.body as { access_token: string }).access_token;
}

/**
 * Access tokens of two offices' clients, as the API tests need them: Northside's (demo.admin's office)
 * with `scope`, and Lakeview Pediatrics' with `otherScope` (another organization).
 */
export async function twoOfficesTokens(app: App, db: Db, scope: string, otherScope = scope): Promise<{ token: string; otherToken: string }> {
  const token = await officeToken(app, db, scope);
  const admin = await db('users').where({ username: 'demo.admin' }).first('id');
  const lakeview = await db('organizations').where({ name: 'Lakeview Pediatrics' }).first('id');
  const otherKey = await testKey('RS384');
  const other = await registeredClient(db, lakeview.id, otherKey, admin.id);
  return { token, otherToken: await accessToken(app, other.clientId, otherKey, otherScope) };
}

/** An access token with `scope` for a new API client (ES384 key) of Northside, demo.admin's office, registered by demo.admin. */
export async function officeToken(app: App, db: Db, scope: string): Promise<string> {
  const admin = await db('users').where({ username: 'demo.admin' }).first('id', 'organization_id');
  const key = await testKey('ES384');
  const client = await registeredClient(db, admin.organization_id, key, admin.id);
  return accessToken(app, client.clientId, key, scope);
}
