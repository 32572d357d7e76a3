/**
 * Subscriptions (issue 15): how an EHR learns of decisions without asking. The FHIR R4 Subscriptions
 * Backport as Da Vinci PAS uses it: a Subscription on the PAS topic, a rest-hook channel (the portal
 * POSTs each notification to the EHR's endpoint with the EHR's headers), full-resource content, and a
 * filter naming the submitting organization (a client subscribes for its own organization only).
 * Pure: reads a client's Subscription resource into what the portal keeps, or the issues with it,
 * each named by the FHIRPath of its element.
 * https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription.html
 * https://hl7.org/fhir/us/davinci-pas/STU2.2/StructureDefinition-profile-subscription.html
 */

export const PAS_SUBSCRIPTION_TOPIC = 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
export const FILTER_CRITERIA_URL = `${BACKPORT}/backport-filter-criteria`;
export const PAYLOAD_CONTENT_URL = `${BACKPORT}/backport-payload-content`;
/** On Subscription.channel: seconds after the last notification at which a heartbeat is sent (none: no heartbeat). */
export const HEARTBEAT_PERIOD_URL = `${BACKPORT}/backport-heartbeat-period`;
/** The heartbeat periods offered: a minute (the worker runs every MAIL_EVERY_SECONDS, 30 s by default) to a day. */
export const MIN_HEARTBEAT_PERIOD = 60;
export const MAX_HEARTBEAT_PERIOD = 86_400;
export const SUBSCRIPTION_PROFILE = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-subscription';
/** The topic's filter: the identifier (NPI) of the organization that submitted the request. */
export const FILTER_PARAMETER = 'org-identifier';
const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json'];

/** Headers the portal writes itself, or that would change how the request travels: a channel may not set them. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-authorization', 'proxy-connection']);
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([^\r\n\0]*)$/;
const MAX_HEADERS = 10;
const MAX_HEADER_LENGTH = 4096;
const MAX_ENDPOINT_LENGTH = 2000;
const MAX_REASON_LENGTH = 500;

export interface NewSubscription {
  reason: string;
  endpoint: string;
  /** "Name: value" each, as the channel lists them. */
  headers: string[];
  /** The filter as written, and the organization's NPI it names. */
  filterCriteria: string;
  organizationNpi: string;
  end: string | null;
  /** Seconds without a notification after which a heartbeat is sent; null: none. */
  heartbeatPeriod: number | null;
}

export interface SubscriptionIssue {
  code: 'required' | 'value' | 'invalid' | 'structure' | 'not-supported';
  expression: string;
  diagnostics: string;
}

export type SubscriptionReading = { subscription: NewSubscription } | { issues: SubscriptionIssue[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const extensionsOf = (element: unknown, url: string): unknown[] => (isObject(element) && Array.isArray(element.extension) ? element.extension.filter((e) => isObject(e) && e.url === url) : []);

/** An endpoint the portal will POST to: absolute http(s), no credentials in the address (they belong in a header). */
export function endpointProblem(endpoint: string): string | undefined {
  if (endpoint.length > MAX_ENDPOINT_LENGTH) return `The endpoint is longer than ${MAX_ENDPOINT_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'The endpoint must be an absolute URL, like https://ehr.example/fhir/notifications';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The endpoint must be an http or https URL, not ${url.protocol.replace(/:$/, '')}`;
  if (url.username !== '' || url.password !== '') return 'The endpoint must not carry credentials: send them in channel.header (for example "Authorization: Bearer ...")';
  if (url.hostname === '') return 'The endpoint must name a host';
  return undefined;
}

/** The organization's NPI a filter names: org-identifier=<NPI> (optionally ClaimResponse? before, or the NPI system and | before the value). */
export function filterOrganizationNpi(filter: string): string | undefined {
  const match = /^(?:ClaimResponse\?)?org-identifier=(?:(.*)\|)?(\d{10})$/.exec(filter.trim());
  if (!match) return undefined;
  const system = match[1];
  if (system !== undefined && system !== NPI_SYSTEM) return undefined;
  return match[2];
}

/** A client's Subscription (POST /fhir/Subscription), read. */
export function readSubscription(body: unknown, now: Date): SubscriptionReading {
  if (!isObject(body)) return { issues: [{ code: 'structure', expression: 'Subscription', diagnostics: 'The body must be a JSON object: a Subscription resource' }] };
  if (body.resourceType !== 'Subscription') return { issues: [{ code: 'structure', expression: 'Subscription.resourceType', diagnostics: `resourceType must be Subscription, not ${JSON.stringify(body.resourceType ?? null)}` }] };
  const issues: SubscriptionIssue[] = [];
  const problem = (code: SubscriptionIssue['code'], expression: string, diagnostics: string) => void issues.push({ code, expression, diagnostics });

  if (body.status === undefined) problem('required', 'Subscription.status', 'status is required: "requested"');
  else if (body.status !== 'requested' && body.status !== 'active') problem('value', 'Subscription.status', `A new subscription's status must be "requested", not ${JSON.stringify(body.status)}`);

  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (reason === '') problem('required', 'Subscription.reason', 'reason is required: say why the subscription is made');
  else if (reason.length > MAX_REASON_LENGTH) problem('value', 'Subscription.reason', `reason is longer than ${MAX_REASON_LENGTH} characters`);

  if (body.criteria === undefined) problem('required', 'Subscription.criteria', `criteria is required: the PAS topic ${PAS_SUBSCRIPTION_TOPIC}`);
  else if (body.criteria !== PAS_SUBSCRIPTION_TOPIC) problem('not-supported', 'Subscription.criteria', `The only topic offered is ${PAS_SUBSCRIPTION_TOPIC}, not ${JSON.stringify(body.criteria)}`);

  const filterPath = `Subscription.criteria.extension('${FILTER_CRITERIA_URL}')`;
  const filters = extensionsOf(body._criteria, FILTER_CRITERIA_URL);
  let filterCriteria = '';
  let organizationNpi = '';
  if (filters.length === 0) problem('required', filterPath, `A filter is required: ${FILTER_PARAMETER}=<the NPI of your organization>`);
  else if (filters.length > 1) problem('not-supported', filterPath, `Give one filter: ${FILTER_PARAMETER}=<the NPI of your organization>`);
  else {
    const value = (filters[0] as Json).valueString;
    const npi = typeof value === 'string' ? filterOrganizationNpi(value) : undefined;
    if (!npi) problem('value', `${filterPath}.value`, `The filter must be ${FILTER_PARAMETER}=<the 10-digit NPI of your organization>, not ${JSON.stringify(value ?? null)}`);
    else {
      filterCriteria = (value as string).trim();
      organizationNpi = npi;
    }
  }

  let end: string | null = null;
  if (body.end !== undefined) {
    const at = typeof body.end === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(body.end) ? new Date(body.end) : undefined;
    if (!at || Number.isNaN(at.getTime())) problem('value', 'Subscription.end', 'end must be an instant, like 2027-01-31T00:00:00Z');
    else if (at <= now) problem('value', 'Subscription.end', 'end is in the past: the subscription would never notify');
    else end = at.toISOString();
  }

  const channel = body.channel;
  let endpoint = '';
  const headers: string[] = [];
  let heartbeatPeriod: number | null = null;
  if (!isObject(channel)) problem('required', 'Subscription.channel', 'channel is required: type rest-hook, with an endpoint');
  else {
    if (channel.type === undefined) problem('required', 'Subscription.channel.type', 'channel.type is required: rest-hook');
    else if (channel.type !== 'rest-hook') problem('not-supported', 'Subscription.channel.type', `The only channel offered is rest-hook, not ${JSON.stringify(channel.type)}`);
    if (typeof channel.endpoint !== 'string' || channel.endpoint.trim() === '') problem('required', 'Subscription.channel.endpoint', 'channel.endpoint is required: the https address notifications are POSTed to');
    else {
      const wrong = endpointProblem(channel.endpoint.trim());
      if (wrong) problem('value', 'Subscription.channel.endpoint', wrong);
      else endpoint = channel.endpoint.trim();
    }
    if (channel.payload === undefined) problem('required', 'Subscription.channel.payload', 'channel.payload is required: application/fhir+json');
    else if (typeof channel.payload !== 'string' || !FHIR_JSON_TYPES.includes(channel.payload)) problem('not-supported', 'Subscription.channel.payload', `Notifications are sent as application/fhir+json, not ${JSON.stringify(channel.payload)}`);
    const contents = extensionsOf(channel._payload, PAYLOAD_CONTENT_URL);
    const contentPath = `Subscription.channel.payload.extension('${PAYLOAD_CONTENT_URL}')`;
    if (contents.length !== 1) problem('required', contentPath, 'Say the payload content: full-resource');
    else if ((contents[0] as Json).valueCode !== 'full-resource') problem('not-supported', `${contentPath}.value`, `The only payload content offered is full-resource, not ${JSON.stringify((contents[0] as Json).valueCode ?? null)}`);
    if (channel.header !== undefined) {
      if (!Array.isArray(channel.header)) problem('structure', 'Subscription.channel.header', 'channel.header must be a list of "Name: value" strings');
      else if (channel.header.length > MAX_HEADERS) problem('value', 'Subscription.channel.header', `At most ${MAX_HEADERS} headers`);
      else
        channel.header.forEach((h, i) => {
          const path = `Subscription.channel.header[${i}]`;
          const match = typeof h === 'string' && h.length <= MAX_HEADER_LENGTH ? HEADER.exec(h) : null;
          if (!match) problem('value', path, 'A header must be "Name: value" on one line (at most 4096 characters), like "Authorization: Bearer abc"');
          else if (RESERVED_HEADERS.has((match[1] ?? '').toLowerCase())) problem('value', path, `The portal sets the ${match[1]} header itself: a channel may not`);
          else headers.push(`${match[1]}: ${(match[2] ?? '').trim()}`);
        });
    }
    const periods = extensionsOf(channel, HEARTBEAT_PERIOD_URL);
    const periodPath = `Subscription.channel.extension('${HEARTBEAT_PERIOD_URL}')`;
    if (periods.length > 1) problem('structure', periodPath, 'Give the heartbeat period once');
    else if (periods.length === 1) {
      const seconds = (periods[0] as Json).valueUnsignedInt;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_HEARTBEAT_PERIOD || seconds > MAX_HEARTBEAT_PERIOD)
        problem('value', `${periodPath}.value`, `The heartbeat period must be a valueUnsignedInt of ${MIN_HEARTBEAT_PERIOD} to ${MAX_HEARTBEAT_PERIOD} seconds (a minute to a day), not ${JSON.stringify(seconds ?? null)}`);
      else heartbeatPeriod = seconds;
    }
  }
  if (issues.length > 0) return { issues };
  return { subscription: { reason, endpoint, headers, filterCriteria, organizationNpi, end, heartbeatPeriod } };
}

/** A channel's headers as an object for the HTTP request. */
export function headerFields(headers: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const h of headers) {
    const at = h.indexOf(':');
    fields[h.slice(0, at)] = h.slice(at + 1).trim();
  }
  return fields;
}

/** A header as a read shows it: the name, never the value (the EHR's credentials stay where they were given). */
export function hiddenHeader(header: string): string {
  return `${header.slice(0, header.indexOf(':'))}: [hidden]`;
}

/** Attempts after which a notification that keeps failing is given up and its subscription marked in error. */
export const MAX_NOTIFICATION_ATTEMPTS = 8;
/** How long a notification's POST may take before it counts as failed. */
export const NOTIFICATION_TIMEOUT_MS = 20_000;
