/**
 * `npm run bench`: the portal started as in production, measured on loopback with autocannon against a
 * bare Express route measured in the same run. Prints figures; never fails on a time.
 *
 *   npm run bench -- [--duration 10] [--connections 10] [--journeys 10000] [--sign-ins-only]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { startPortal } from '../test/browser/helpers/portal';
import { PortalClient } from '../test/helpers/portalClient';

// autocannon ships no types; this is the part of its result used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; statusCodeStats?: Record<string, { count: number }> }>;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 10);
const JOURNEYS = arg('journeys', 10_000);
const SIGN_INS_ONLY = process.argv.includes('--sign-ins-only');

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  ratio?: number;
  target: string;
}

async function measure(url: string, options: Record<string, unknown> = {}): Promise<{ rps: number; p50: number; p99: number; bad: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  const bad = result.errors + Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !['200', '303'].includes(code)).reduce((n, [, s]) => n + s.count, 0);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad };
}

async function startBaseline(): Promise<{ url: string; stop: () => void }> {
  const code = "const e=require('express');const a=e();a.get('/',(q,r)=>r.send('<!DOCTYPE html><title>ok</title><p>ok</p>'));const s=a.listen(0,'127.0.0.1',()=>console.log('PORT '+s.address().port));";
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(/PORT (\d+)/.exec(d.toString())?.[1] ?? '')));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * /healthz answered one after another while 20 offices sign in at the same moment (production scrypt
 * cost), each trying again `retryMs` after being told the portal is busy, until all 20 are signed in.
 */
async function healthzDuringSignIns(url: string, pid: number, retryMs: number, offices = 20) {
  const clients = Array.from({ length: offices }, () => Object.assign(new PortalClient(url), { retryBusyAfterMs: retryMs }));
  let signingIn = true;
  const started = Date.now();
  const signIns = Promise.all(clients.map((c) => c.signIn())).finally(() => (signingIn = false));
  const latencies: number[] = [];
  let peakRss = rssMb(pid);
  while (signingIn) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${url}/healthz`);
    await res.text();
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    peakRss = Math.max(peakRss, rssMb(pid));
  }
  await signIns;
  latencies.sort((a, b) => a - b);
  return {
    retryMs,
    probes: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? 0,
    seconds: (Date.now() - started) / 1000,
    busyAnswers: clients.reduce((n, c) => n + c.busyAnswers, 0),
    peakRss,
  };
}

function printSignIns(rounds: Awaited<ReturnType<typeof healthzDuringSignIns>>[]): void {
  console.log('\n/healthz during 20 simultaneous sign-ins (production scrypt cost; target: p99 under 100 ms)\n');
  console.log('| a busy sign-in is tried again after | /healthz p50 ms | p99 ms | max ms | probes | all signed in after s | 503 answers | peak MB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rounds) {
    console.log(`| ${r.retryMs} ms | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.probes} | ${r.seconds.toFixed(1)} | ${r.busyAnswers} | ${r.peakRss.toFixed(0)} |`);
  }
}

/** An office clicking Sign in again a second later, and a client hammering at once. */
async function signInRounds(url: string, pid: number) {
  return [await healthzDuringSignIns(url, pid, 1000), await healthzDuringSignIns(url, pid, 50)];
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  const portal = await startPortal();
  if (SIGN_INS_ONLY) {
    printSignIns(await signInRounds(portal.url, portal.pid));
    await portal.stop();
    return;
  }
  const baseline = await startBaseline();
  const rows: Row[] = [];
  try {
    // First, while the address has made no other attempts to sign in.
    const signIns = await signInRounds(portal.url, portal.pid);
    const base = await measure(baseline.url);
    rows.push({ scenario: 'baseline: bare Express GET', rps: base.rps, p50: base.p50, p99: base.p99, target: '' });

    const client = new PortalClient(portal.url);
    await client.signIn();
    const journey = await client.startRequest();
    const headers = { cookie: client.cookie };

    const get = await measure(`${portal.url}${journey}/care-setting`, { headers });
    rows.push({ scenario: 'wizard page GET (signed in)', ...get, ratio: get.rps / base.rps, target: '>= 50% of baseline' });

    const body = new URLSearchParams({ _csrf: client.csrf, careSetting: 'outpatient', categoryId: 'drug-testing' }).toString();
    const post = await measure(`${portal.url}${journey}/care-setting`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body });
    rows.push({ scenario: 'wizard step POST (validate, save)', ...post, ratio: post.rps / base.rps, target: '>= 25% of baseline' });

    const search = await measure(`${portal.url}${journey}/diagnoses`, { headers });
    rows.push({ scenario: 'diagnosis page GET', ...search, ratio: search.rps / base.rps, target: '' });

    // Complete journeys, sign-in included (scrypt makes sign-in deliberately slow).
    const started = Date.now();
    let done = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        const c = new PortalClient(portal.url);
        while (Date.now() - started < DURATION * 1000) {
          await c.signIn();
          await c.completeRequest(await c.startRequest());
          done++;
        }
      }),
    );
    const journeysPerSecond = done / ((Date.now() - started) / 1000);
    console.error(`  measured pages and journeys; now ${JOURNEYS} journeys for memory`);

    // Memory over many journeys: one signed-in session per worker, many requests each.
    const checkpoints: { journeys: number; rss: number }[] = [{ journeys: 0, rss: rssMb(portal.pid) }];
    let soaked = 0;
    const workers = Array.from({ length: 4 }, () => new PortalClient(portal.url));
    for (const w of workers) await w.signIn();
    const step = Math.max(1, Math.floor(JOURNEYS / 10));
    while (soaked < JOURNEYS) {
      const batch = Math.min(step, JOURNEYS - soaked);
      let next = 0;
      await Promise.all(
        workers.map(async (w) => {
          while (next < batch) {
            next++;
            await w.completeRequest(await w.startRequest());
          }
        }),
      );
      soaked += batch;
      checkpoints.push({ journeys: soaked, rss: rssMb(portal.pid) });
      console.error(`  ${soaked} journeys: ${rssMb(portal.pid).toFixed(0)} MB resident`);
    }

    const fmt = (n: number, d = 0) => n.toFixed(d);
    console.log('\nOpenPA benchmark (loopback, %d connections, %d s each)\n', CONNECTIONS, DURATION);
    console.log('| scenario | req/s | p50 ms | p99 ms | vs baseline | target |');
    console.log('| --- | ---: | ---: | ---: | ---: | --- |');
    for (const r of rows) console.log(`| ${r.scenario} | ${fmt(r.rps)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.ratio === undefined ? '' : `${fmt(r.ratio * 100)}%`} | ${r.target} |`);
    console.log(`\nComplete journeys (sign-in to results page, 4 clients): ${fmt(journeysPerSecond, 1)} per second`);
    printSignIns(signIns);
    const first = checkpoints[1]?.rss ?? 0;
    const last = checkpoints[checkpoints.length - 1]?.rss ?? 0;
    console.log(`Resident memory: ${checkpoints.map((c) => `${c.journeys}: ${fmt(c.rss)} MB`).join(', ')}`);
    console.log(`Growth after the first ${checkpoints[1]?.journeys ?? 0} journeys: ${fmt(last - first, 1)} MB over ${soaked - (checkpoints[1]?.journeys ?? 0)} more (target: under 150 MB, flat)`);
    const css = fs.statSync('public/css/openpa.css').size;
    console.log(`\nPage weight (largest HTML of each page + ${fmt(css / 1024, 1)} KB CSS; target under 30 KB, no JavaScript):`);
    for (const [page, bytes] of [...client.pageBytes, ...workers[0]!.pageBytes].sort()) console.log(`  ${page}: ${fmt((bytes + css) / 1024, 1)} KB`);
  } finally {
    baseline.stop();
    await portal.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
