import { MAX_SEND_ATTEMPTS, nextAttemptAfterFailure, noticeEmail, noticeHeadline, noticeKindFor, noticeRecipients, requestLink } from '../../../src/domain/notices';

describe('notices (issue 12)', () => {
  test('a decision is a decision unless all it did was ask for information', () => {
    expect(noticeKindFor(['Information requested', 'Information requested'])).toBe('information-requested');
    expect(noticeKindFor(['Approved', 'Information requested'])).toBe('decision');
    expect(noticeKindFor(['Denied'])).toBe('decision');
    expect(noticeHeadline('decision')).toBe('The plan made a decision');
    expect(noticeHeadline('information-requested')).toBe('The plan asked for more information');
    expect(noticeHeadline('something-new')).toBe('There is news');
  });

  test('the e-mail says only that the reference has news, with a link from the public address', () => {
    const mail = noticeEmail('123456789', 'https://portal.example.org');
    expect(mail.subject).toBe('Request 123456789 has news');
    expect(mail.text).toBe(
      'Prior authorization request 123456789 has news.\n\nSign in to the prior authorization portal to read it:\nhttps://portal.example.org/prior-auth/requests/123456789\n\nThis message carries no health information. Please do not reply to it.\n',
    );
    expect(requestLink('https://portal.example.org/openpa/', '123456789')).toBe('https://portal.example.org/openpa/prior-auth/requests/123456789');
  });

  test('without a public address the e-mail says so in words and has no link', () => {
    const { text } = noticeEmail('123456789', undefined);
    expect(text).toContain("This message cannot give the portal's address: it is not set up.");
    expect(text).not.toMatch(/https?:/);
  });

  test('recipients: the submitter and the contact, each once, blanks and non-addresses left out', () => {
    expect(noticeRecipients('dana@clinic.example', ' Dana@Clinic.example ', null, '', 'front desk', 'desk@clinic.example')).toEqual(['dana@clinic.example', 'desk@clinic.example']);
    expect(noticeRecipients(null, undefined)).toEqual([]);
  });

  test('a failed message is tried again after 1, 2, 4 ... minutes, at most 6 hours apart, and given up after the last attempt', () => {
    const now = new Date('2026-03-10T15:00:00Z');
    const after = (attempts: number) => (nextAttemptAfterFailure(attempts, now)?.getTime() ?? NaN) - now.getTime();
    expect([1, 2, 3, 4].map(after)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(after(9)).toBe(256 * 60_000);
    expect(after(10)).toBe(6 * 3_600_000);
    expect(nextAttemptAfterFailure(MAX_SEND_ATTEMPTS, now)).toBeUndefined();
  });
});
