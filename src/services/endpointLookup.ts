import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { endpointAddressProblem, endpointHost, isAllowedHost, type AllowedHosts } from '../domain/endpointAddresses';

/**
 * The DNS side of "notifications go to public addresses only" (issue 15; the rule is the pure
 * src/domain/endpointAddresses.ts): a host's addresses are looked up here and handed to the rule, once
 * when a Subscription is created and again on every connection the worker makes, so that a name that
 * resolves to a public address when checked and to a private one when used (DNS rebinding) gains nothing.
 */

/** Every address a host name resolves to, as the operating system resolves it (hosts file, then DNS). */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** A connection the rule refused: a permanent failure, never tried again. */
export class EndpointRefused extends Error {
  override name = 'EndpointRefused';
  readonly code = 'ENDPOINT_REFUSED';
}

/**
 * The refusal of an endpoint whose host is an IP address, judged as it stands (a connection to one asks
 * no lookup, so checkedLookup never sees it), or undefined: for an address the portal may send to, and
 * for a host name, which is judged where it is resolved.
 */
export function ipAddressRefusal(host: string, allowed: AllowedHosts): string | undefined {
  return isIP(host) !== 0 ? endpointAddressProblem(host, [host], allowed) : undefined;
}

/** Why the portal will not send to this endpoint (a URL endpointProblem has accepted), or undefined. */
export async function endpointRefusal(endpoint: string, allowed: AllowedHosts, resolve: HostResolver = systemResolver): Promise<string | undefined> {
  const host = endpointHost(endpoint);
  if (isIP(host) !== 0) return ipAddressRefusal(host, allowed);
  if (isAllowedHost(host, allowed)) return undefined;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    // Not found, or the resolver failing: either way there is nowhere known to send to.
    addresses = [];
  }
  return endpointAddressProblem(host, addresses, allowed);
}

/**
 * A `lookup` for http.request: resolves the name, and refuses (EndpointRefused) unless the rule accepts
 * every address, so the connection is only ever made to an address that was checked. Node asks for one
 * address or for all of them (options.all, with autoSelectFamily); both are answered.
 */
export function checkedLookup(allowed: AllowedHosts, resolve: HostResolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    const answer = callback as (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
    resolve(hostname).then(
      (addresses) => {
        const problem = endpointAddressProblem(hostname, addresses, allowed);
        if (problem) return answer(new EndpointRefused(problem), '');
        const family = (a: string) => (isIP(a) === 6 ? 6 : 4);
        const wanted = addresses.filter((a) => !options.family || family(a) === options.family);
        if (wanted.length === 0) return answer(Object.assign(new Error(`${hostname} has no address of the family asked for`), { code: 'ENOTFOUND' }), '');
        if (options.all) answer(null, wanted.map((a) => ({ address: a, family: family(a) })));
        else answer(null, wanted[0] as string, family(wanted[0] as string));
      },
      (err: NodeJS.ErrnoException) => answer(err, ''),
    );
  };
}
