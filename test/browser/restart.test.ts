import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPortal } from './helpers/portal';
import { PortalClient } from '../helpers/portalClient';

/**
 * SIGTERM stops the portal cleanly (requests in flight finish, the database is closed), and a restart
 * in the middle of a journey loses nothing: sessions and requests in progress are in the database.
 */
/** A portal on `dir` and a signed-in office whose new request has its care setting answered. */
async function answeredCareSetting(dir: string) {
  const portal = await startPortal({ PORT: '0' }, { dir, keepDir: true });
  const client = new PortalClient(portal.url);
  await client.signIn();
  const journey = await client.startRequest();
  const saved = await client.request('POST', `${journey}/care-setting`, { careSetting: 'outpatient', categoryId: 'advanced-imaging' });
  return { portal, client, journey, saved };
}

/** The same office's session on a portal started again on `dir`: the answered care setting is there. */
async function careSettingAfterRestart(dir: string, cookie: string, journey: string) {
  const portal = await startPortal({ PORT: '0' }, { dir, keepDir: true });
  const again = new PortalClient(portal.url);
  again.cookie = cookie;
  const page = await again.request('GET', `${journey}/care-setting`);
  expect(page.status).toBe(200);
  expect(page.html).toMatch(/<option value="advanced-imaging" selected>/);
  return { portal, again };
}

test('a restart in the middle of a request loses nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-restart-'));
  try {
    const { portal: first, client, journey } = await answeredCareSetting(dir);
    // A request in flight when SIGTERM arrives still gets its answer.
    const inFlight = client.request('GET', `${journey}/servicing-provider`);
    await first.stop();
    expect((await inFlight).status).toBe(200);
    expect(first.output()).toContain('SIGTERM: finishing requests in flight, then closing the database.');
    expect(first.exitCode()).toBe(0);

    const { portal: second, again } = await careSettingAfterRestart(dir, client.cookie, journey);
    try {
      const results = await again.completeRequest(journey);
      expect(results).toMatch(/^\/prior-auth\/requests\/\d{9}\/submitted$/);
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Nothing a page confirmed is kept only in memory (users, members and rules are, but only as copies
 * of what is in the database): killed outright after a step was answered 303, the portal starts again
 * with the session signed in and the answer saved.
 */
test('killed with SIGKILL after a confirmed step, the portal starts again with the session and the answer', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-killed-'));
  try {
    const { portal: first, client, journey, saved } = await answeredCareSetting(dir);
    expect(saved.status).toBe(303);
    first.signal('SIGKILL');
    await first.exited;

    const { portal: second, again } = await careSettingAfterRestart(dir, client.cookie, journey);
    try {
      expect((await again.request('GET', `${journey}/servicing-provider`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
