import type request from 'supertest';
import type { App } from '../../src/app';
import { Browser } from './browser';
import { submitRequest } from './journey';

/** An office user signed in, with one submitted request: the browser and the request page's address. */
export async function officeWithSubmittedRequest(app: App): Promise<{ owner: Browser; requestUrl: string }> {
  const owner = new Browser(app);
  await owner.signIn();
  const results = await submitRequest(owner);
  return { owner, requestUrl: results.url.replace(/\/submitted$/, '') };
}

export type Upload = { name: string; content: Buffer };

/** Posts the request page's upload form as a browser would: multipart, with the CSRF token of the page the browser is on. */
export function postFiles(browser: Browser, requestUrl: string, files: readonly Upload[]): request.Test {
  let req = browser.agent.post(`${requestUrl}/attachments`).field('_csrf', browser.csrfToken);
  for (const f of files) req = req.attach('files', f.content, f.name);
  return req;
}
