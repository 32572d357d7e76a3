import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
/** 10:00 PM on March 2 in New York (the plan's time zone) is already March 3 in UTC. */
const now = new Date('2026-03-03T03:00:00Z');
let planAdmin: Browser;
let office: Browser;
beforeAll(async () => {
  t = await startTestApp({ clock: () => now });
  planAdmin = await signedIn(t.app, 'demo.planadmin');
  office = await signedIn(t.app, 'demo.provider2');
});
afterAll(async () => t.close());

const titlesOnHome = async () => (await office.visit('/')).texts('.announcement h3');

describe('announcements', () => {
  test('the plan administrator lists them, with the three of the demo data shown now', async () => {
    await planAdmin.visit('/');
    const page = await planAdmin.visit(planAdmin.page.root.querySelectorAll('nav[aria-label=Main] a').find((a) => a.text === 'Announcements')?.getAttribute('href') ?? '');
    expect(page.h1).toBe('Announcements');
    expect(page.texts('tbody td[data-label=Title]')).toEqual(['Keep your provider information current', 'Updates for our network', 'Anti-Fraud Plan']);
    expect(page.texts('tbody td[data-label=Status]')).toEqual(['Shown now', 'Shown now', 'Shown now']);
  });

  test('adding one says what is wrong, then shows it on every office home page from its start date (the plan\'s date)', async () => {
    await planAdmin.visit('/plan/announcements/new');
    let page = await planAdmin.submit('Save announcement', { Title: '', Text: '', 'Start date': '03/02/2026', 'End date': '03/01/2026' });
    expect(page.status).toBe(422);
    expect(page.errorSummary).toEqual([
      { href: '#title', message: 'Enter the title' },
      { href: '#kind', message: 'Select the kind of announcement' },
      { href: '#body', message: 'Enter the text' },
      { href: '#endsOn', message: 'End date must be on or after the start date' },
    ]);
    expect(page.inlineErrors).toEqual(page.errorSummary.map((e) => e.message));
    expect(page.valueOf('End date')).toBe('03/01/2026');

    page = await planAdmin.submit('Save announcement', {
      Title: 'Portal maintenance <b>Sunday</b>',
      Kind: 'Network Notifications',
      Text: 'The portal is closed Sunday 2 to 4 AM. Details: https://plan.example/maintenance.\n\n<script>alert(1)</script> javascript:alert(1)',
      'Start date': '03/02/2026',
      'End date': '03/02/2026',
    });
    expect(page.url).toBe('/plan/announcements');
    expect(page.text('.notice--success')).toBe('"Portal maintenance <b>Sunday</b>" has been added.');
    const home = await office.visit('/');
    expect(home.texts('.announcement h3')).toContain('Portal maintenance <b>Sunday</b>');
    const added = home.root.querySelectorAll('.announcement').find((a) => a.text.includes('Portal maintenance'));
    expect(added?.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(['https://plan.example/maintenance']);
    expect(added?.querySelectorAll('script, b')).toEqual([]);
    expect(added?.querySelectorAll('p').map((p) => p.text)).toContain('<script>alert(1)</script> javascript:alert(1)');
    expect(await t.db('audit_log').where({ action: 'announcement-added' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  });

  test('one that starts later or has passed its end date is not shown', async () => {
    for (const [title, start, end] of [['Next week', '03/09/2026', ''], ['Last month', '02/01/2026', '02/28/2026']] as const) {
      await planAdmin.visit('/plan/announcements/new');
      await planAdmin.submit('Save announcement', { Title: title, Kind: 'Anti-Fraud', Text: 'Text', 'Start date': start, 'End date': end });
    }
    const titles = await titlesOnHome();
    expect(titles).not.toContain('Next week');
    expect(titles).not.toContain('Last month');
    const list = await planAdmin.visit('/plan/announcements');
    expect(list.texts('tbody td[data-label=Status]')).toEqual(expect.arrayContaining(['Starts later', 'Past its end date']));
  });

  test('changing and ending one: the home page follows, and each change is audited', async () => {
    const id = (await t.db('announcements').where({ title: 'Anti-Fraud Plan' }).first()).id;
    let page = await planAdmin.visit(`/plan/announcements/${id}`);
    expect(page.valueOf('Title')).toBe('Anti-Fraud Plan');
    expect(page.valueOf('Start date')).toBe('01/01/2026');
    page = await planAdmin.submit('Save announcement', { Title: 'Report fraud' });
    expect(page.text('.notice--success')).toBe('"Report fraud" has been changed.');
    expect(await titlesOnHome()).toContain('Report fraud');

    await planAdmin.visit('/plan/announcements');
    const form = planAdmin.page.root.querySelector(`form[action="/plan/announcements/${id}/end"]`);
    page = await planAdmin.post(form?.getAttribute('action') ?? '', { _csrf: planAdmin.csrfToken });
    expect(page.text('.notice--success')).toBe('"Report fraud" has ended: offices no longer see it.');
    expect(await titlesOnHome()).not.toContain('Report fraud');
    expect(await t.db('audit_log').whereIn('action', ['announcement-changed', 'announcement-ended']).pluck('action')).toEqual(['announcement-changed', 'announcement-ended']);
  });

  test('the pages do not exist for anyone but the plan administrator', async () => {
    const nurse = await signedIn(t.app, 'demo.nurse');
    for (const b of [nurse, office]) {
      expect((await b.agent.get('/plan/announcements')).status).toBe(404);
      expect((await b.agent.post('/plan/announcements/new').type('form').send({ _csrf: b.csrfToken })).status).toBe(404);
    }
    expect((await planAdmin.agent.get('/plan/announcements/999999')).status).toBe(404);
  });
});
