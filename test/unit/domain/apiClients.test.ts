import { checkPublicKeySet, grantScopes, scopeAllows } from '../../../src/domain/apiClients';

const rsaN = 'x'.repeat(342);
const ec = { kty: 'EC', crv: 'P-384', x: 'AAA', y: 'BBB' };

describe('checkPublicKeySet', () => {
  test('accepts RSA and P-384 EC public keys, with or without alg, use and kid', () => {
    const set = { keys: [{ kty: 'RSA', n: rsaN, e: 'AQAB', alg: 'RS384', use: 'sig', kid: 'a' }, ec, { ...ec, alg: 'ES384' }] };
    expect(checkPublicKeySet(JSON.stringify(set))).toEqual({ keys: set.keys });
  });

  test.each([
    ['', 'Enter the public key set (JWKS) of the client'],
    ['[1]', 'The key set must be a JSON object with a "keys" list'],
    ['{"keys": []}', "The key set has no keys: add the client's public key"],
    [JSON.stringify({ keys: [{ ...ec, d: 'private' }] }), 'Key 1 is a private key: paste the public key set only, never the private key'],
    [JSON.stringify({ keys: [ec, { kty: 'RSA', n: rsaN, e: 'AQAB', p: 'x' }] }), 'Key 2 is a private key: paste the public key set only, never the private key'],
    [JSON.stringify({ keys: [{ kty: 'oct', k: 'secret' }] }), 'Key 1 is a private key: paste the public key set only, never the private key'],
    [JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'a' }] }), 'Key 1 has kty "OKP": only RSA and EC keys are accepted'],
    [JSON.stringify({ keys: [{ ...ec, alg: 'ES256' }] }), 'Key 1 is for ES256: only RS384 and ES384 keys are accepted'],
    [JSON.stringify({ keys: [{ ...ec, alg: 'RS384' }] }), 'Key 1 is an EC key marked RS384: EC keys sign ES384'],
    [JSON.stringify({ keys: [{ kty: 'RSA', n: 'short', e: 'AQAB' }] }), 'Key 1 is an RSA key shorter than 2048 bits'],
    [JSON.stringify({ keys: [{ ...ec, use: 'enc' }] }), 'Key 1 is not a signing key ("use" must be "sig")'],
  ])('refuses %s', (text, problem) => {
    expect(checkPublicKeySet(text)).toEqual({ problem });
  });
});

describe('grantScopes', () => {
  test('grants the known scopes asked for, in a fixed order', () => {
    expect(grantScopes('system/Subscription.* system/Claim.write')).toEqual({ scopes: ['system/Claim.write', 'system/Subscription.*'] });
    expect(scopeAllows(['system/Claim.write'], 'system/Claim.read')).toBe(false);
  });
  test('refuses no scope or an unknown one', () => {
    expect(grantScopes(undefined)).toHaveProperty('problem');
    expect(grantScopes('system/Claim.write user/*.*')).toEqual({ problem: 'Scope not offered: user/*.* (offered: system/Claim.write system/Claim.read system/Subscription.*)' });
  });
});
