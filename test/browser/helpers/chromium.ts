import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request, type Response } from 'playwright-core';
import { HtmlValidate } from 'html-validate';

/** Debian's Chromium, never a browser a tool downloads; the flags keep it off the network. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const htmlValidate = new HtmlValidate({ extends: ['html-validate:recommended'] });
const artifactsDir = path.resolve(__dirname, '../../../test-artifacts');
/** CSS pixels: every page must fit this width without sideways scrolling. */
export const NARROWEST = 320;

/**
 * Every page the provider's browser asks for is fetched on its behalf and handed to it unchanged, its
 * body kept for the audit: the HTML exactly as it arrived, however soon the test moves on. (Chromium
 * forgets a response's body once the tab has moved on, and asking the server for the page a second
 * time, with the provider's cookies, is not the same: a GET can change the session, e.g. take the
 * one-time "has been added" message before the browser's own GET of the page arrives.) Redirects are
 * not followed here but handed to the browser, which follows them as it would; cookies are the
 * context's own both ways. A file upload (whose files Chromium does not hand over whole) goes to the
 * server as the browser sent it, and its page, if it has one, is read from the response.
 */
async function keepDocumentBodies(context: BrowserContext, bodies: WeakMap<Request, Buffer>): Promise<void> {
  // The stylesheet and other files under /public go to the browser directly: only pages are kept.
  await context.route((url) => !url.pathname.startsWith('/public/'), async (route) => {
    const request = route.request();
    const upload = (request.headers()['content-type'] ?? '').startsWith('multipart/form-data');
    if (request.resourceType() !== 'document' || upload) return route.fallback();
    const response = await route.fetch({ maxRedirects: 0 });
    const body = await response.body();
    bodies.set(request, body);
    await route.fulfill({ response, body });
  });
}

async function bodyOf(response: Response, bodies: WeakMap<Request, Buffer>): Promise<string> {
  const kept = bodies.get(response.request());
  return kept ? kept.toString('utf8') : response.text();
}

export interface AuditFinding {
  url: string;
  tool: 'axe' | 'html-validate' | 'reflow';
  message: string;
}

/**
 * A provider's browser with JavaScript switched off. Every HTML page it receives (after redirects,
 * errors included) is checked: html-validate on the markup, and axe-core (WCAG 2.1 A and AA) and the
 * page's width at a 320 px viewport (no sideways scrolling) on a copy of that no-JavaScript page
 * loaded in a second, JavaScript-enabled context, since axe cannot run where scripts are off.
 */
export class ProviderBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly auditContext: BrowserContext,
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  readonly findings: AuditFinding[] = [];
  readonly audited: string[] = [];
  private pending: Promise<void>[] = [];

  static async launch(baseUrl: string): Promise<ProviderBrowser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
    // The audit copies are laid out 320 CSS px wide, the narrowest screen WCAG 2.1's reflow criterion
    // (1.4.10) asks to work without scrolling in two directions.
    const auditContext = await browser.newContext({ javaScriptEnabled: true, viewport: { width: NARROWEST, height: 900 } });
    const page = await context.newPage();
    const provider = new ProviderBrowser(browser, context, auditContext, page, baseUrl);
    const bodies = new WeakMap<Request, Buffer>();
    await keepDocumentBodies(context, bodies);
    // Each page's HTML as it arrived (not the DOM serialised again); redirects have no body and are skipped.
    page.on('response', (response) => {
      const type = response.headers()['content-type'] ?? '';
      if (response.request().resourceType() !== 'document' || response.status() >= 300 && response.status() < 400 || !type.startsWith('text/html')) return;
      provider.queueAudit(response.url(), bodyOf(response, bodies));
    });
    return provider;
  }

  queueAudit(url: string, html: Promise<string | undefined>): void {
    this.pending.push(html.then((text) => (text === undefined ? undefined : this.audit(url, text))).catch((err: Error) => void this.findings.push({ url, tool: 'axe', message: `audit failed: ${err.message}` })));
  }

  private async audit(url: string, html: string): Promise<void> {
    this.audited.push(new URL(url).pathname);
    const report = await htmlValidate.validateString(html, url);
    for (const result of report.results) {
      for (const m of result.messages) this.findings.push({ url, tool: 'html-validate', message: `${m.ruleId}: ${m.message} (line ${m.line})` });
    }
    const copy = await this.auditContext.newPage();
    try {
      // The copy is served at the page's own address, so that its stylesheet loads as for the provider
      // (same origin: the portal's Cross-Origin-Resource-Policy keeps it from a page of another origin),
      // for the contrast checks and the 320 px layout.
      await copy.route('**/*', (route) => (route.request().resourceType() === 'document' ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.continue()));
      await copy.goto(url, { waitUntil: 'load' });
      // The page's width at 320 px, and the elements that stick out, to say what to fix.
      const reflow = (await copy.evaluate(`(() => {
        const width = document.scrollingElement.scrollWidth;
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > ${NARROWEST} + 0.5 && getComputedStyle(el).position !== 'absolute')
          .slice(-3)
          .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
        return { width, wide };
      })()`)) as { width: number; wide: string[] };
      if (reflow.width > NARROWEST) {
        this.findings.push({ url, tool: 'reflow', message: `${reflow.width} px wide at a ${NARROWEST} px viewport (sideways scrolling); widest: ${reflow.wide.join(', ')}` });
      }
      await copy.addScriptTag({ content: axeSource });
      // A string, evaluated in the page: this file is compiled without the DOM's types.
      const violations = (await copy.evaluate(
        "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)",
      )) as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
      for (const v of violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          this.findings.push({ url, tool: 'axe', message: `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}` });
        }
      }
    } finally {
      await copy.close();
    }
  }

  /** Waits for the checks of every page received so far; returns what they found. */
  async auditResults(): Promise<AuditFinding[]> {
    // The last action may have started a navigation that has not arrived yet.
    await this.page.waitForLoadState('networkidle');
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await Promise.all(batch);
    }
    return this.findings;
  }

  /** A screenshot and the page's HTML, for the reader of a failed test. */
  async saveArtifacts(name: string): Promise<void> {
    fs.mkdirSync(artifactsDir, { recursive: true });
    const safe = name.replace(/[^a-z0-9-]+/gi, '-').slice(0, 80);
    await this.page.screenshot({ path: path.join(artifactsDir, `${safe}.png`), fullPage: true }).catch(() => undefined);
    fs.writeFileSync(path.join(artifactsDir, `${safe}.html`), await this.page.content().catch(() => ''));
  }

  async close(): Promise<void> {
    await this.context.close();
    await this.auditContext.close();
    await this.browser.close();
  }
}
