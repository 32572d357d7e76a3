import type { LookupAddress } from 'node:dns';
import { checkedLookup, EndpointRefused, endpointRefusal, type HostResolver } from '../../../src/services/endpointLookup';
import { NO_ALLOWED_HOSTS, readAllowedHosts, type AllowedHosts } from '../../../src/domain/endpointAddresses';

/** The DNS side of "notifications go to public addresses only" (issue 15), with a fake resolver. */

const allowed = (setting: string): AllowedHosts => (readAllowedHosts(setting) as { allowed: AllowedHosts }).allowed;
const names: Record<string, string[]> = { 'ehr.example': ['93.184.215.14', '2606:2800:21f:cb07::1'], 'inside.example': ['10.0.0.5'], 'mixed.example': ['93.184.215.14', '169.254.169.254'] };
const asked: string[] = [];
const resolve: HostResolver = async (host) => {
  asked.push(host);
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};
beforeEach(() => {
  asked.length = 0;
});

type Answer = { err: (Error & { code?: string }) | null; address: string | LookupAddress[]; family?: number };
function lookUp(host: string, options: { all?: boolean; family?: number }, rules = NO_ALLOWED_HOSTS): Promise<Answer> {
  return new Promise((done) => {
    const lookup = checkedLookup(rules, resolve) as (h: string, o: object, cb: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => void;
    lookup(host, options, (err, address, family) => done({ err, address, family }));
  });
}

describe('checkedLookup (the lookup each delivery connects through)', () => {
  test('a public name answers its address, or all of them when Node asks for all', async () => {
    expect(await lookUp('ehr.example', {})).toEqual({ err: null, address: '93.184.215.14', family: 4 });
    expect(await lookUp('ehr.example', { family: 6 })).toEqual({ err: null, address: '2606:2800:21f:cb07::1', family: 6 });
    expect(await lookUp('ehr.example', { all: true })).toEqual({ err: null, address: [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07::1', family: 6 }], family: undefined });
  });

  test('a name with any address that is not public is refused with EndpointRefused, in either form', async () => {
    for (const options of [{}, { all: true }]) {
      const { err } = await lookUp('mixed.example', options);
      expect(err).toBeInstanceOf(EndpointRefused);
      expect(err?.message).toBe("The endpoint's address 169.254.169.254 (mixed.example resolves to it) is link-local (where cloud metadata services answer): the portal only sends notifications to public addresses, or to hosts the plan lists in SUBSCRIPTION_ALLOWED_HOSTS");
    }
    expect((await lookUp('inside.example', {})).err).toBeInstanceOf(EndpointRefused);
  });

  test('an allowed name, or an address in an allowed range, connects though not public', async () => {
    expect(await lookUp('inside.example', {}, allowed('inside.example'))).toEqual({ err: null, address: '10.0.0.5', family: 4 });
    expect(await lookUp('inside.example', {}, allowed('10.0.0.0/8'))).toEqual({ err: null, address: '10.0.0.5', family: 4 });
  });

  test("the resolver's own failure is passed on as it is (a transient failure, tried again later)", async () => {
    const { err } = await lookUp('nowhere.invalid', {});
    expect(err).not.toBeInstanceOf(EndpointRefused);
    expect(err?.code).toBe('ENOTFOUND');
  });
});

describe('endpointRefusal (when a Subscription is created)', () => {
  test('an IP literal is judged as it is, without a lookup', async () => {
    expect(await endpointRefusal('http://10.0.0.5/notify', NO_ALLOWED_HOSTS, resolve)).toMatch(/^The endpoint's address 10\.0\.0\.5 is on a private network: /);
    expect(await endpointRefusal('http://[::1]/notify', NO_ALLOWED_HOSTS, resolve)).toMatch(/^The endpoint's address ::1 is a loopback/);
    expect(await endpointRefusal('http://10.0.0.5/notify', allowed('10.0.0.5'), resolve)).toBeUndefined();
    expect(await endpointRefusal('https://93.184.215.14/notify', NO_ALLOWED_HOSTS, resolve)).toBeUndefined();
    expect(asked).toEqual([]);
  });

  test('a name is looked up and every address judged; an allowed name is not even looked up', async () => {
    expect(await endpointRefusal('https://ehr.example/notify', NO_ALLOWED_HOSTS, resolve)).toBeUndefined();
    expect(await endpointRefusal('https://inside.example/notify', NO_ALLOWED_HOSTS, resolve)).toMatch(/^The endpoint's address 10\.0\.0\.5 \(inside\.example resolves to it\) is on a private network/);
    expect(asked).toEqual(['ehr.example', 'inside.example']);
    expect(await endpointRefusal('https://inside.example/notify', allowed('inside.example'), resolve)).toBeUndefined();
    expect(asked).toEqual(['ehr.example', 'inside.example']);
  });

  test('a name that does not resolve is refused', async () => {
    expect(await endpointRefusal('https://nowhere.invalid/notify', NO_ALLOWED_HOSTS, resolve)).toBe("The endpoint's host nowhere.invalid does not resolve to any address: give a host name that resolves, or a public IP address");
  });
});
