import crypto from 'node:crypto';
import { createLocalJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Db } from '../db/database';
import { findApiClientByClientId, findTokenHolder, insertAccessToken, useAssertionId, type ApiClient, type TokenHolder } from '../db/repositories/apiClients';
import { ACCESS_TOKEN_SECONDS, ASSERTION_ALGORITHMS, ASSERTION_MAX_SECONDS, CLIENT_ASSERTION_TYPE, grantScopes } from '../domain/apiClients';

/**
 * SMART Backend Services' token request (client credentials with a signed JWT assertion), checked
 * with jose. https://hl7.org/fhir/smart-app-launch/backend-services.html#request-access-token
 * Every refusal is an OAuth error (RFC 6749 section 5.2): 400 for a malformed request, 401 for a
 * client that is not who it says.
 */

export type TokenOutcome =
  | { issued: { access_token: string; token_type: 'bearer'; expires_in: number; scope: string }; client: ApiClient }
  | { status: 400 | 401; error: 'invalid_request' | 'unsupported_grant_type' | 'invalid_client' | 'invalid_scope'; error_description: string; client?: ApiClient };

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function issueAccessToken(
  db: Db,
  body: Record<string, unknown>,
  tokenEndpoint: string,
  now: Date,
  /** Whether the client, once its assertion is verified, may have a token now (its limit on calls); false answers for itself. */
  admit: (client: ApiClient) => Promise<boolean> = async () => true,
): Promise<TokenOutcome | { limited: true }> {
  const param = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  if (param('grant_type') !== 'client_credentials') return { status: 400, error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' };
  if (param('client_assertion_type') !== CLIENT_ASSERTION_TYPE) return { status: 400, error: 'invalid_request', error_description: `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}` };
  const assertion = param('client_assertion');
  if (!assertion) return { status: 400, error: 'invalid_request', error_description: 'client_assertion is missing' };
  const grant = grantScopes(param('scope'));
  if ('problem' in grant) return { status: 400, error: 'invalid_scope', error_description: grant.problem };

  let issuer: unknown;
  try {
    issuer = decodeJwt(assertion).iss;
  } catch {
    return { status: 400, error: 'invalid_request', error_description: 'client_assertion is not a JWT' };
  }
  const client = typeof issuer === 'string' ? await findApiClientByClientId(db, issuer) : undefined;
  if (!client || !client.active) return { status: 401, error: 'invalid_client', error_description: 'Unknown or deactivated client', client };

  const refused = (error_description: string): TokenOutcome => ({ status: 401, error: 'invalid_client', error_description, client });
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(JSON.parse(client.jwks) as JSONWebKeySet), {
      algorithms: [...ASSERTION_ALGORITHMS],
      issuer: client.clientId,
      subject: client.clientId,
      audience: tokenEndpoint,
      requiredClaims: ['exp', 'jti'],
      currentDate: now,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) return refused('The assertion has expired');
    if (err instanceof joseErrors.JWTClaimValidationFailed) return refused(`The assertion's "${err.claim}" claim is not accepted: ${err.reason === 'check_failed' ? 'aud must be ' + tokenEndpoint + ', iss and sub the client_id' : err.reason}`);
    if (err instanceof joseErrors.JOSEAlgNotAllowed) return refused('The assertion must be signed RS384 or ES384');
    return refused('The assertion\'s signature does not match a key of the client');
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = payload.exp ?? 0;
  if (exp > nowSeconds + ASSERTION_MAX_SECONDS) return refused('The assertion\'s exp must be at most 5 minutes ahead');
  if (!(await admit(client))) return { limited: true };
  const jti = String(payload.jti);
  if (jti.length > 255) return refused('The assertion\'s jti is longer than 255 characters');
  if (!(await useAssertionId(db, client.id, jti, new Date(exp * 1000).toISOString(), now.toISOString()))) return refused('This assertion (its jti) was already used');

  const token = crypto.randomBytes(32).toString('base64url');
  await insertAccessToken(db, tokenHash(token), client.id, grant.scopes, new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000).toISOString(), now.toISOString());
  return { issued: { access_token: token, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS, scope: grant.scopes.join(' ') }, client };
}

/** Who an `Authorization: Bearer` header speaks for, if anyone. */
export async function bearerHolder(db: Db, authorization: string | undefined, now: Date): Promise<TokenHolder | undefined> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  return findTokenHolder(db, tokenHash(match[1]), now.toISOString());
}
