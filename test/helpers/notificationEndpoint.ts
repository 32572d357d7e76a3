import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAllowedHosts, type AllowedHosts } from '../../src/domain/endpointAddresses';
import { restHookPost } from '../../src/services/subscriptionWorker';

/**
 * The test endpoints listen on 127.0.0.1, which the portal refuses by default: the tests allow it as a
 * plan allows its intranet EHR (SUBSCRIPTION_ALLOWED_HOSTS=127.0.0.1), in the app and in the worker.
 */
export const TEST_ENDPOINT_HOSTS = (readAllowedHosts('127.0.0.1') as { allowed: AllowedHosts }).allowed;
/** The worker's rest-hook with the test endpoints' host allowed. */
export const testEndpointPost = restHookPost(TEST_ENDPOINT_HOSTS);

export interface ReceivedNotification {
  headers: http.IncomingHttpHeaders;
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- a FHIR Bundle, read by the tests */
  body: any;
}

export interface TestNotificationEndpoint {
  /** http://127.0.0.1:<port>/notify */
  url: string;
  received: ReceivedNotification[];
  /** The statuses to answer the next requests with, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

/** An EHR's rest-hook endpoint: a real HTTP server on a free local port, keeping what it receives. */
export async function startNotificationEndpoint(): Promise<TestNotificationEndpoint> {
  const received: ReceivedNotification[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    answers,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address where nothing listens: a port that was free a moment ago (connections are refused). */
export async function refusingEndpoint(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/notify`;
}
