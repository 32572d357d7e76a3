import request from 'supertest';
import { parse, type HTMLElement } from 'node-html-parser';
import type { App } from '../../src/app';

export const DEMO_PASSWORD = 'Demo-Password-2026';

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const decode = (text: string) =>
  text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'");

/** A page as a provider sees it: status, URL, and the parsed HTML to read headings, messages and tables from. */
export class Page {
  readonly root: HTMLElement;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly html: string,
  ) {
    this.root = parse(html);
  }

  text(selector: string): string {
    const el = this.root.querySelector(selector);
    return el ? normalise(decode(el.text)) : '';
  }

  texts(selector: string): string[] {
    return this.root.querySelectorAll(selector).map((el) => normalise(decode(el.text)));
  }

  get title(): string {
    return this.text('title');
  }

  get h1(): string {
    return this.text('h1');
  }

  /** The error summary's messages, each with the id it links to. */
  get errorSummary(): { message: string; href: string }[] {
    return this.root.querySelectorAll('.error-summary a').map((a) => ({ message: normalise(decode(a.text)), href: a.getAttribute('href') ?? '' }));
  }

  /** The inline error messages, without the visually hidden "Error:" prefix. */
  get inlineErrors(): string[] {
    return this.texts('.error-message').map((t) => t.replace(/^Error:\s*/, ''));
  }

  /** The value of the control labelled `label` (text inputs and selects). */
  valueOf(label: string): string {
    const control = this.controlByLabel(this.root, label);
    if (control.tagName === 'SELECT') {
      return control.querySelector('option[selected]')?.getAttribute('value') ?? '';
    }
    return decode(control.getAttribute('value') ?? '');
  }

  /** Text of the page's main element, whitespace folded. */
  get mainText(): string {
    return this.text('main');
  }

  controlByLabel(scope: HTMLElement, label: string): HTMLElement {
    const wanted = normalise(label).toLowerCase();
    const labelEl = scope
      .querySelectorAll('label')
      .find((l) => normalise(decode(l.text)).replace(/ \(optional\)$/, '').toLowerCase() === wanted);
    const id = labelEl?.getAttribute('for');
    const control = id ? scope.querySelector(`#${cssEscape(id)}`) : null;
    if (!control) throw new Error(`No control labelled "${label}" on ${this.url}`);
    return control;
  }

  /** The form holding the submit button whose accessible text is `button`. */
  formWithButton(button: string): { form: HTMLElement; buttonEl: HTMLElement } {
    const wanted = normalise(button).toLowerCase();
    for (const form of this.root.querySelectorAll('form')) {
      const buttonEl = form.querySelectorAll('button').find((b) => normalise(decode(b.text)).toLowerCase() === wanted);
      if (buttonEl) return { form, buttonEl };
    }
    throw new Error(`No button "${button}" on ${this.url}: ${this.root.querySelectorAll('button').map((b) => normalise(b.text)).join(' | ')}`);
  }
}

function cssEscape(id: string): string {
  return id.replace(/([^a-zA-Z0-9_-])/g, '\\$1');
}

/**
 * Drives the portal like a browser with JavaScript off: follows redirects, keeps the session cookie,
 * and submits the real forms of the page it is on, found by button text, with fields filled by label
 * (and radio buttons chosen by their fieldset's legend and their own label). CSRF stays on: the
 * token is the one the form carries.
 */
export class Browser {
  readonly agent: ReturnType<typeof request.agent>;
  page: Page = new Page('', 0, '');
  /** Every status code met along the last navigation, redirects included. */
  statuses: number[] = [];

  constructor(readonly app: App) {
    this.agent = request.agent(app);
  }

  async visit(url: string): Promise<Page> {
    this.statuses = [];
    return this.follow(await this.agent.get(url), url);
  }

  private async follow(res: request.Response, url: string): Promise<Page> {
    let response = res;
    let current = url;
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      this.statuses.push(response.status);
      if (hops > 10) throw new Error('Too many redirects');
      const next = new URL(response.headers.location ?? '/', `http://localhost${current}`);
      current = next.pathname + next.search;
      response = await this.agent.get(current);
    }
    this.statuses.push(response.status);
    this.page = new Page(current, response.status, response.text);
    return this.page;
  }

  /** The form data a browser would send for `form` after filling `fields` and clicking `buttonEl`. */
  formData(form: HTMLElement, buttonEl: HTMLElement, fields: Record<string, string>): Record<string, string> {
    const data: Record<string, string> = {};
    for (const input of form.querySelectorAll('input, select, textarea')) {
      const name = input.getAttribute('name');
      if (!name) continue;
      const type = (input.getAttribute('type') ?? 'text').toLowerCase();
      if (type === 'radio' || type === 'checkbox') {
        if (input.hasAttribute('checked')) data[name] = decode(input.getAttribute('value') ?? 'on');
      } else if (input.tagName === 'SELECT') {
        data[name] = input.querySelector('option[selected]')?.getAttribute('value') ?? input.querySelector('option')?.getAttribute('value') ?? '';
      } else if (input.tagName === 'TEXTAREA') {
        data[name] = decode(input.text);
      } else {
        data[name] = decode(input.getAttribute('value') ?? '');
      }
    }
    for (const [label, value] of Object.entries(fields)) {
      const fieldset = form.querySelectorAll('fieldset').find((f) => {
        const legend = f.querySelector('legend');
        return legend && normalise(decode(legend.text)).replace(/ \(optional\)$/, '').toLowerCase() === label.toLowerCase() && f.querySelector('input[type=radio]');
      });
      if (fieldset) {
        const radio = fieldset.querySelectorAll('input[type=radio]').find((r) => {
          const l = fieldset.querySelector(`label[for="${r.getAttribute('id')}"]`);
          return l && normalise(decode(l.text)).toLowerCase() === value.toLowerCase();
        });
        if (!radio) throw new Error(`No radio "${value}" under "${label}" on ${this.page.url}`);
        data[radio.getAttribute('name') ?? ''] = decode(radio.getAttribute('value') ?? '');
        continue;
      }
      const control = this.page.controlByLabel(form, label);
      const name = control.getAttribute('name') ?? '';
      if (control.tagName === 'SELECT') {
        const option = control.querySelectorAll('option').find((o) => normalise(decode(o.text)) === value || o.getAttribute('value') === value);
        if (!option) throw new Error(`No option "${value}" in "${label}" on ${this.page.url}`);
        data[name] = option.getAttribute('value') ?? '';
      } else {
        data[name] = value;
      }
    }
    const buttonName = buttonEl.getAttribute('name');
    if (buttonName) data[buttonName] = decode(buttonEl.getAttribute('value') ?? '');
    return data;
  }

  /** Fills the fields of the form that holds `button`, clicks it, and follows the answer. */
  async submit(button: string, fields: Record<string, string> = {}): Promise<Page> {
    const { form, buttonEl } = this.page.formWithButton(button);
    const data = this.formData(form, buttonEl, fields);
    const action = form.getAttribute('action') || this.page.url;
    if ((form.getAttribute('method') ?? 'get').toLowerCase() === 'get') {
      return this.visit(`${action.split('?')[0]}?${new URLSearchParams(data).toString()}`);
    }
    return this.post(action, data);
  }

  /**
   * Submits a multipart form (enctype="multipart/form-data") holding `button`, as a browser would: its
   * fields (filled by label, plus `raw` values by name, such as checked boxes) and the files chosen.
   */
  async submitWithFiles(button: string, fields: Record<string, string> = {}, files: readonly { name: string; content: Buffer }[] = [], raw: Record<string, string | string[]> = {}): Promise<Page> {
    const { form, buttonEl } = this.page.formWithButton(button);
    const data: Record<string, string | string[]> = { ...this.formData(form, buttonEl, fields), ...raw };
    let req = this.agent.post(form.getAttribute('action') || this.page.url);
    for (const [name, value] of Object.entries(data)) for (const v of ([] as string[]).concat(value)) req = req.field(name, v);
    for (const f of files) req = req.attach('files', f.content, f.name);
    this.statuses = [];
    return this.follow(await req, form.getAttribute('action') || this.page.url);
  }

  /** Posts raw form fields (as a hand-made or replayed request would). */
  async post(url: string, data: Record<string, string | string[]>): Promise<Page> {
    this.statuses = [];
    const res = await this.agent.post(url).type('form').send(data);
    return this.follow(res, url);
  }

  /** The CSRF token of the current page's forms. */
  get csrfToken(): string {
    return this.page.root.querySelector('input[name=_csrf]')?.getAttribute('value') ?? '';
  }

  async signIn(username = 'demo.provider', password = DEMO_PASSWORD): Promise<Page> {
    await this.visit('/sign-in');
    return this.submit('Sign in', { Username: username, Password: password });
  }
}

/** A browser with a session of its own, signed in as this demo user (the demo office's demo.provider unless named). */
export async function signedIn(app: App, username = 'demo.provider'): Promise<Browser> {
  const browser = new Browser(app);
  await browser.signIn(username);
  return browser;
}
