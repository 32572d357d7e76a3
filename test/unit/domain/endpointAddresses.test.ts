import { endpointAddressProblem, endpointHost, isAllowedHost, isPublicAddress, NO_ALLOWED_HOSTS, notPublicBecause, readAllowedHosts, type AllowedHosts } from '../../../src/domain/endpointAddresses';

/** Where Subscription notifications may go (issue 15): public addresses only, unless the plan allows a host. */

const allowed = (setting: string): AllowedHosts => {
  const read = readAllowedHosts(setting);
  if ('problem' in read) throw new Error(read.problem);
  return read.allowed;
};

test.each([
  // Each range, with the addresses on either side of its edges.
  ['0.0.0.0', 'the unspecified address (this host)'],
  ['0.255.255.255', 'the unspecified address (this host)'],
  ['1.0.0.0', undefined],
  ['126.255.255.255', undefined],
  ['127.0.0.1', "a loopback address (the portal's own server)"],
  ['127.255.255.255', "a loopback address (the portal's own server)"],
  ['128.0.0.0', undefined],
  ['9.255.255.255', undefined],
  ['10.0.0.0', 'on a private network'],
  ['10.0.0.5', 'on a private network'],
  ['10.255.255.255', 'on a private network'],
  ['11.0.0.0', undefined],
  ['172.15.255.255', undefined],
  ['172.16.0.0', 'on a private network'],
  ['172.31.255.255', 'on a private network'],
  ['172.32.0.0', undefined],
  ['192.167.255.255', undefined],
  ['192.168.0.0', 'on a private network'],
  ['192.168.255.255', 'on a private network'],
  ['192.169.0.0', undefined],
  ['100.63.255.255', undefined],
  ['100.64.0.0', 'shared carrier-grade NAT space (100.64.0.0/10), not the public internet'],
  ['100.127.255.255', 'shared carrier-grade NAT space (100.64.0.0/10), not the public internet'],
  ['100.128.0.0', undefined],
  ['169.253.255.255', undefined],
  ['169.254.0.0', 'link-local (where cloud metadata services answer)'],
  ['169.254.169.254', 'link-local (where cloud metadata services answer)'],
  ['169.254.255.255', 'link-local (where cloud metadata services answer)'],
  ['169.255.0.0', undefined],
  ['192.0.0.8', 'reserved for IETF protocol assignments'],
  ['192.0.2.1', 'reserved for documentation and examples'],
  ['198.51.100.7', 'reserved for documentation and examples'],
  ['203.0.113.10', 'reserved for documentation and examples'],
  ['203.0.114.0', undefined],
  ['198.17.255.255', undefined],
  ['198.18.0.0', 'reserved for network benchmarking'],
  ['198.19.255.255', 'reserved for network benchmarking'],
  ['198.20.0.0', undefined],
  ['223.255.255.255', undefined],
  ['224.0.0.0', 'a multicast address'],
  ['239.255.255.255', 'a multicast address'],
  ['240.0.0.0', 'reserved for future use'],
  ['255.255.255.254', 'reserved for future use'],
  ['255.255.255.255', 'the broadcast address'],
  ['8.8.8.8', undefined],
  ['93.184.215.14', undefined],
  // IPv6
  ['::', 'the unspecified address (this host)'],
  ['::1', "a loopback address (the portal's own server)"],
  ['[::1]', "a loopback address (the portal's own server)"],
  ['0:0:0:0:0:0:0:1', "a loopback address (the portal's own server)"],
  ['::2', 'a deprecated IPv4-compatible IPv6 address'],
  ['::127.0.0.1', 'a deprecated IPv4-compatible IPv6 address'],
  ['fbff:ffff::1', 'reserved by IANA (outside the global unicast range 2000::/3)'],
  ['fc00::', 'on a private network'],
  ['fd12:3456::1', 'on a private network'],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'on a private network'],
  ['fe00::1', 'reserved by IANA (outside the global unicast range 2000::/3)'],
  ['fe80::', 'link-local (where cloud metadata services answer)'],
  ['fe80::1', 'link-local (where cloud metadata services answer)'],
  ['febf:ffff::1', 'link-local (where cloud metadata services answer)'],
  ['fec0::1', 'on a private network'],
  ['ff02::1', 'a multicast address'],
  ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'a multicast address'],
  ['2001:db8::1', 'reserved for documentation and examples'],
  ['2001:2::1', 'reserved for network benchmarking'],
  ['100::1', 'reserved for discarding traffic'],
  ['1fff:ffff::1', 'reserved by IANA (outside the global unicast range 2000::/3)'],
  ['2000::', undefined],
  ['2606:4700:4700::1111', undefined],
  ['2a00:1450:4001:82b::200e', undefined],
  ['3fff:fff::1', 'reserved for documentation and examples'],
  ['3fff:1000::1', undefined],
  ['4000::1', 'reserved by IANA (outside the global unicast range 2000::/3)'],
  // IPv4 inside IPv6: judged by the IPv4 address a packet really goes to.
  ['::ffff:127.0.0.1', "a loopback address (the portal's own server)"],
  ['::ffff:7f00:1', "a loopback address (the portal's own server)"],
  ['::FFFF:A9FE:A9FE', 'link-local (where cloud metadata services answer)'],
  ['0:0:0:0:0:ffff:a00:5', 'on a private network'],
  ['::ffff:8.8.8.8', undefined],
  ['64:ff9b::10.0.0.5', 'on a private network'],
  ['64:ff9b::808:808', undefined],
  ['64:ff9b:1::1', 'on a private network'],
  ['2002:c0a8:0101::1', 'on a private network'],
  ['2002:0808:0808::1', undefined],
  // Not an address at all: never public.
  ['localhost', 'not an IP address'],
  ['10.0.0', 'not an IP address'],
  ['', 'not an IP address'],
])('%s: %s', (address, why) => {
  expect(notPublicBecause(address)).toBe(why);
  expect(isPublicAddress(address)).toBe(why === undefined);
});

test.each([
  // The odd spellings of an IPv4 address that URLs accept become the dotted quad they stand for.
  ['http://0x7f.1/notify', '127.0.0.1'],
  ['http://2130706433/notify', '127.0.0.1'],
  ['http://0177.0.0.1/notify', '127.0.0.1'],
  ['http://127.1/notify', '127.0.0.1'],
  ['http://%31%30.0.0.5/notify', '10.0.0.5'],
  ['http://0xa9fea9fe/notify', '169.254.169.254'],
  ['http://[::ffff:127.0.0.1]:8080/notify', '::ffff:7f00:1'],
  ['http://[0:0:0:0:0:0:0:1]/notify', '::1'],
  ['https://EHR.Example./notify', 'ehr.example.'],
])('the host of %s is %s, and is judged as such', (url, host) => {
  expect(endpointHost(url)).toBe(host);
  if (host !== 'ehr.example.') expect(isPublicAddress(host)).toBe(false);
});

describe('SUBSCRIPTION_ALLOWED_HOSTS', () => {
  test('empty: nothing is allowed', () => {
    expect(allowed('').entries).toEqual([]);
    expect(allowed(' , ').entries).toEqual([]);
    expect(isAllowedHost('127.0.0.1', NO_ALLOWED_HOSTS)).toBe(false);
    expect(isAllowedHost('localhost', NO_ALLOWED_HOSTS)).toBe(false);
  });

  test('names match without regard to case or a trailing dot, and only whole names', () => {
    const a = allowed('ehr.intranet.example, Localhost');
    expect(isAllowedHost('ehr.intranet.example', a)).toBe(true);
    expect(isAllowedHost('EHR.Intranet.Example.', a)).toBe(true);
    expect(isAllowedHost('localhost', a)).toBe(true);
    expect(isAllowedHost('other.intranet.example', a)).toBe(false);
    expect(isAllowedHost('evil-ehr.intranet.example', a)).toBe(false);
    expect(isAllowedHost('ehr.intranet.example.evil.example', a)).toBe(false);
    // A name allows the name, not the addresses it resolves to.
    expect(isAllowedHost('127.0.0.1', a)).toBe(false);
  });

  test('IP addresses match themselves; CIDR ranges match what is inside them', () => {
    const a = allowed('127.0.0.1, [::1], 10.20.0.0/16, fd00:1::/32');
    expect(isAllowedHost('127.0.0.1', a)).toBe(true);
    expect(isAllowedHost('127.0.0.2', a)).toBe(false);
    expect(isAllowedHost('::1', a)).toBe(true);
    expect(isAllowedHost('[::1]', a)).toBe(true);
    expect(isAllowedHost('10.20.255.255', a)).toBe(true);
    expect(isAllowedHost('10.21.0.0', a)).toBe(false);
    expect(isAllowedHost('fd00:1:ffff::5', a)).toBe(true);
    expect(isAllowedHost('fd00:2::5', a)).toBe(false);
    expect(isAllowedHost('localhost', a)).toBe(false);
  });

  test.each([
    ['http://ehr.example', '"http://ehr.example" is neither a host name, an IP address nor a CIDR range'],
    ['ehr example', '"ehr example" is neither a host name, an IP address nor a CIDR range'],
    ['10.0.0.0/33', '"10.0.0.0/33" is not a CIDR range such as 10.20.0.0/16 or fd00::/8'],
    ['ehr.example/8', '"ehr.example/8" is not a CIDR range such as 10.20.0.0/16 or fd00::/8'],
  ])('%s is refused: %s', (setting, problem) => {
    expect(readAllowedHosts(`127.0.0.1,${setting}`)).toEqual({ problem });
  });
});

describe('endpointAddressProblem', () => {
  const tail = ': the portal only sends notifications to public addresses, or to hosts the plan lists in SUBSCRIPTION_ALLOWED_HOSTS';

  test('an IP literal that is not public is refused in plain words', () => {
    expect(endpointAddressProblem('10.0.0.5', ['10.0.0.5'], NO_ALLOWED_HOSTS)).toBe(`The endpoint's address 10.0.0.5 is on a private network${tail}`);
  });

  test('a name is refused when any address it resolves to is not public, and says what it resolved to', () => {
    expect(endpointAddressProblem('ehr.example', ['93.184.215.14', '127.0.0.1'], NO_ALLOWED_HOSTS)).toBe(`The endpoint's address 127.0.0.1 (ehr.example resolves to it) is a loopback address (the portal's own server)${tail}`);
    expect(endpointAddressProblem('ehr.example', ['93.184.215.14', '2606:4700:4700::1111'], NO_ALLOWED_HOSTS)).toBeUndefined();
  });

  test('a name that resolves to nothing is refused', () => {
    expect(endpointAddressProblem('ehr.example', [], NO_ALLOWED_HOSTS)).toBe("The endpoint's host ehr.example does not resolve to any address: give a host name that resolves, or a public IP address");
  });

  test('an allowed name is trusted whatever it resolves to; an allowed range lets its addresses through', () => {
    expect(endpointAddressProblem('ehr.intranet.example', ['10.0.0.5'], allowed('ehr.intranet.example'))).toBeUndefined();
    expect(endpointAddressProblem('ehr.intranet.example', ['10.20.0.5'], allowed('10.20.0.0/16'))).toBeUndefined();
    expect(endpointAddressProblem('ehr.intranet.example', ['10.20.0.5', '10.0.0.5'], allowed('10.20.0.0/16'))).toMatch(/^The endpoint's address 10\.0\.0\.5 /);
    expect(endpointAddressProblem('127.0.0.1', ['127.0.0.1'], allowed('127.0.0.1'))).toBeUndefined();
    expect(endpointAddressProblem('127.0.0.2', ['127.0.0.2'], allowed('127.0.0.1'))).toMatch(/^The endpoint's address 127\.0\.0\.2 is a loopback/);
  });
});
