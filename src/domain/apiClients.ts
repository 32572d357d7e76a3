/**
 * The Prior Authorization API's callers (issue 15): SMART Backend Services clients. An organization's
 * administrator registers a client by pasting its PUBLIC key set; the client signs its token requests
 * with the private key it keeps. SMART App Launch 2.x, Backend Services: RS384 and ES384 are the
 * algorithms every server must accept; this portal accepts only those.
 * https://hl7.org/fhir/smart-app-launch/backend-services.html
 */

export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The scopes the API grants (the guide's operations and the R4 Subscriptions Backport). */
export const API_SCOPES = ['system/Claim.write', 'system/Claim.read', 'system/Subscription.*'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
/** How long an access token lives, and how far ahead an assertion may expire (SMART: at most 5 minutes). */
export const ACCESS_TOKEN_SECONDS = 300;
export const ASSERTION_MAX_SECONDS = 300;

/** The members of a JWK that only a private (or symmetric) key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_KEYS = 10;

export interface PublicJwk {
  kty: string;
  [member: string]: unknown;
}

export type KeySetCheck = { keys: PublicJwk[] } | { problem: string };

/**
 * A pasted key set, checked: JSON, `{"keys": [...]}` of RSA or P-384 EC public keys for RS384 or
 * ES384, and no private key material (a key with "d" is a private key: pasting it would hand the
 * portal, and anyone who reads its database, the client's identity).
 */
export function checkPublicKeySet(text: string): KeySetCheck {
  if (text.trim() === '') return { problem: 'Enter the public key set (JWKS) of the client' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: 'The key set must be JSON, like {"keys": [{"kty": "EC", "crv": "P-384", ...}]}' };
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Array.isArray(keys)) return { problem: 'The key set must be a JSON object with a "keys" list' };
  if (keys.length === 0) return { problem: 'The key set has no keys: add the client\'s public key' };
  if (keys.length > MAX_KEYS) return { problem: `The key set has ${keys.length} keys: at most ${MAX_KEYS}` };
  for (const [i, key] of keys.entries()) {
    const n = i + 1;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return { problem: `Key ${n} is not a JSON object` };
    const k = key as Record<string, unknown>;
    if (PRIVATE_MEMBERS.some((m) => m in k)) return { problem: `Key ${n} is a private key: paste the public key set only, never the private key` };
    if (k.alg !== undefined && !(ASSERTION_ALGORITHMS as readonly unknown[]).includes(k.alg)) return { problem: `Key ${n} is for ${String(k.alg)}: only RS384 and ES384 keys are accepted` };
    if (k.use !== undefined && k.use !== 'sig') return { problem: `Key ${n} is not a signing key ("use" must be "sig")` };
    if (k.kty === 'RSA') {
      if (typeof k.n !== 'string' || typeof k.e !== 'string') return { problem: `Key ${n} is an RSA key without its "n" and "e"` };
      if (k.alg === 'ES384') return { problem: `Key ${n} is an RSA key marked ES384: RSA keys sign RS384` };
      // 2048 bits at least (NIST SP 800-131A): n is base64url, 4 characters per 3 bytes.
      if (k.n.length < 342) return { problem: `Key ${n} is an RSA key shorter than 2048 bits` };
    } else if (k.kty === 'EC') {
      if (k.crv !== 'P-384') return { problem: `Key ${n} is an EC key on ${String(k.crv)}: ES384 needs the P-384 curve` };
      if (typeof k.x !== 'string' || typeof k.y !== 'string') return { problem: `Key ${n} is an EC key without its "x" and "y"` };
      if (k.alg === 'RS384') return { problem: `Key ${n} is an EC key marked RS384: EC keys sign ES384` };
    } else {
      return { problem: `Key ${n} has kty ${JSON.stringify(k.kty ?? null)}: only RSA and EC keys are accepted` };
    }
  }
  return { keys: keys as PublicJwk[] };
}

export type ScopeGrant = { scopes: ApiScope[] } | { problem: string };

/** The scopes granted for a token request's `scope`: those asked for, all of them known. */
export function grantScopes(requested: string | undefined): ScopeGrant {
  const asked = (requested ?? '').split(' ').filter(Boolean);
  if (asked.length === 0) return { problem: 'Ask for at least one scope: ' + API_SCOPES.join(', ') };
  const unknown = asked.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return { problem: `Scope not offered: ${unknown.join(' ')} (offered: ${API_SCOPES.join(' ')})` };
  return { scopes: API_SCOPES.filter((s) => asked.includes(s)) };
}

/** A token's scopes allow an operation when they hold its scope. */
export function scopeAllows(granted: readonly string[], needed: ApiScope): boolean {
  return granted.includes(needed);
}
