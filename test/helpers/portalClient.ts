/**
 * A provider's office as a benchmark sees it: a cookie, the form's CSRF token, and the whole request
 * journey from sign-in to the results page, over plain HTTP with no redirect followed automatically.
 */
export class PortalClient {
  cookie = '';
  csrf = '';
  /** Bytes of every HTML page fetched, by path pattern, for the page-weight table. */
  readonly pageBytes = new Map<string, number>();

  private readonly bases: readonly string[];
  private turn = 0;

  /** One portal's address, or several: then each request goes to the next, in turn (one office, many processes). */
  constructor(base: string | readonly string[]) {
    this.bases = typeof base === 'string' ? [base] : base;
  }

  /** The address the next request goes to. */
  nextBase(): string {
    return this.bases[this.turn++ % this.bases.length] ?? '';
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>, base = this.nextBase()): Promise<{ status: number; location: string; html: string; headers: Headers }> {
    const res = await fetch(base + path, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams({ _csrf: this.csrf, ...form }).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const name = pair.split('=')[0] ?? '';
      const jar = new Map(this.cookie.split('; ').filter(Boolean).map((p) => [p.split('=')[0] ?? '', p]));
      jar.set(name, pair);
      this.cookie = [...jar.values()].join('; ');
    }
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    if (method === 'GET' && res.status === 200) {
      const key = path.replace(/[0-9a-f-]{36}/, ':journey').replace(/\d{9}/, ':reference').split('?')[0] ?? path;
      this.pageBytes.set(key, Math.max(this.pageBytes.get(key) ?? 0, Buffer.byteLength(html)));
    }
    return { status: res.status, location: res.headers.get('location') ?? '', html, headers: res.headers };
  }

  private async expect303(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<string> {
    const res = await this.request(method, path, form);
    if (res.status !== 303) throw new Error(`${method} ${path} answered ${res.status}, expected 303`);
    return res.location;
  }

  /** Answers of 503 (every password check taken) met while signing in; each was tried again. */
  busyAnswers = 0;
  /** How long to wait before trying a sign-in answered 503 again: an office clicking Sign in again. */
  retryBusyAfterMs = 50;

  /** Signs in; a sign-in answered 503 is tried again after retryBusyAfterMs. */
  async signIn(username = 'demo.provider', password = 'Demo-Password-2026'): Promise<void> {
    this.cookie = '';
    await this.request('GET', '/sign-in');
    for (;;) {
      const res = await this.request('POST', '/sign-in', { username, password });
      if (res.status === 503) {
        this.busyAnswers++;
        await new Promise((resolve) => setTimeout(resolve, this.retryBusyAfterMs));
        continue;
      }
      if (res.status !== 303) throw new Error(`POST /sign-in answered ${res.status}, expected 303`);
      break;
    }
    await this.request('GET', '/');
  }

  /** Starts a request for Dino Saur; returns the journey's path, e.g. /prior-auth/<id>. */
  async startRequest(): Promise<string> {
    const found = await this.expect303('POST', '/prior-auth/member-search', { memberId: '5634024', startDate: '03/02/2026' });
    const page = await this.request('GET', found.split('#')[0] ?? found);
    const member = /name="member" value="(\d+)"/.exec(page.html)?.[1] ?? '';
    const search = /name="search" value="([0-9a-f-]+)"/.exec(page.html)?.[1] ?? '';
    const first = await this.expect303('POST', '/prior-auth/start', { search, member });
    return first.replace(/\/care-setting$/, '');
  }

  /** Every step, each shown once, from care setting to the submitted request's page. */
  async completeRequest(journey: string): Promise<string> {
    await this.fillRequestToReview(journey);
    const results = await this.expect303('POST', `${journey}/review`, SUBMIT);
    const page = await this.request('GET', results);
    if (!/Reference #: <strong>\d{9}<\/strong>/.test(page.html)) throw new Error('The results page has no reference number');
    return results;
  }

  /** Every step from care setting to the review page, clinical information documented: ready to submit. */
  async fillRequestToReview(journey: string): Promise<void> {
    await this.request('GET', `${journey}/care-setting`);
    await this.expect303('POST', `${journey}/care-setting`, { careSetting: 'outpatient', categoryId: 'drug-testing' });
    await this.expect303('POST', `${journey}/servicing-provider`, { action: 'find', providerQuery: '1987654328' });
    const providers = await this.request('GET', `${journey}/servicing-provider`);
    const providerId = /name="providerId" type="radio" value="(\d+)"/.exec(providers.html)?.[1] ?? '';
    await this.expect303('POST', `${journey}/servicing-provider`, { action: 'continue', providerId });
    await this.request('GET', `${journey}/service-details`);
    await this.expect303('POST', `${journey}/service-details`, { startDate: '03/02/2026', endDate: '03/02/2026', treatmentType: 'Laboratory', placeOfService: '11' });
    await this.request('GET', `${journey}/diagnoses`);
    await this.expect303('POST', `${journey}/diagnoses`, { action: 'add', diagnosisCode: 'F11.20' });
    await this.expect303('POST', `${journey}/diagnoses`, { action: 'continue', diagnosisCode: '' });
    await this.request('GET', `${journey}/procedures`);
    await this.expect303('POST', `${journey}/procedures`, { action: 'add', procedureCode: '80324', units: '1' });
    await this.expect303('POST', `${journey}/procedures`, { action: 'continue', procedureCode: '', units: '' });
    await this.request('GET', `${journey}/contact`);
    await this.expect303('POST', `${journey}/contact`, { contactName: 'Pat Office', contactPhone: '312-555-0142', contactPhoneExt: '', contactFax: '312-555-0143', contactEmail: '' });
    await this.request('GET', `${journey}/review`);
    const questionnaire = await this.request('GET', `${journey}/document-clinical/80324`);
    const answers = Object.fromEntries([...questionnaire.html.matchAll(/name="([^"]+)" type="radio" value="yes"/g)].map((m) => [m[1] ?? '', 'yes']));
    await this.expect303('POST', `${journey}/document-clinical/80324`, answers);
  }
}

/** The review page's Submit Request button. */
export const SUBMIT = { action: 'submit' } as const;
