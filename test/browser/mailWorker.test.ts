import { startPortal } from './helpers/portal';
import { startSmtpServer } from '../helpers/smtpServer';

/**
 * The portal process's mail worker (issue 12), as a plan runs it: node dist/src/server.js with SMTP_URL.
 * Nothing here waits on a clock: each step waits for the event that ends the one before.
 */
test('at start the worker sends the demo notice e-mail through SMTP_URL, with the link from PUBLIC_BASE_URL; SIGTERM stops it and the process exits 0', async () => {
  const smtp = await startSmtpServer();
  const portal = await startPortal({ SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://portal.example.org/', MAIL_FROM: 'pa@plan.example' });
  try {
    expect(portal.output()).toContain('Notice e-mails: sent through the SMTP_URL server, linking to https://portal.example.org');
    await smtp.whenReceived(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual(['frontdesk@northside.example']);
    expect(mail?.raw).toMatch(/https:\/\/portal\.example\.org\/prior-auth\/requests\/\d{9}/);
    expect(mail?.raw).not.toMatch(/Dino|Saur|5634024|E0601|K0001/);
    portal.signal('SIGTERM');
    expect(await portal.exited).toBe(0);
  } finally {
    await portal.stop();
    await smtp.close();
  }
});

test.each([
  [{ PUBLIC_BASE_URL: 'portal.example.org' }, "PUBLIC_BASE_URL must be the portal's address as people reach it"],
  [{ SMTP_URL: 'smtp://127.0.0.1:25' }, 'PUBLIC_BASE_URL is required with SMTP_URL'],
])('%j: the portal refuses to start, saying why in one line', async (env, message) => {
  await expect(startPortal(env)).rejects.toThrow(message);
});
