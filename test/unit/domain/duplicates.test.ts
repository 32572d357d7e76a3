import { duplicateMessage, duplicateReasonProblem, duplicateRequests, unacknowledged, type SubmittedLine } from '../../../src/domain/duplicates';

const line = (over: Partial<SubmittedLine>): SubmittedLine => ({ referenceNumber: '111111111', code: '97110', fromDate: '2026-03-01', toDate: '2026-03-31', status: 'Pended', ...over });
const proposed = { codes: ['97110', '97140'], startDate: '2026-03-15', endDate: '2026-04-15' };

describe('duplicateRequests', () => {
  it('finds a live line of the same code on overlapping dates, once per request', () => {
    const found = duplicateRequests(proposed, [line({}), line({ code: '97140', status: 'Approved' })]);
    expect(found).toEqual([{ referenceNumber: '111111111', codes: ['97110', '97140'], statuses: ['Pended', 'Approved'], fromDate: '2026-03-01', toDate: '2026-03-31' }]);
  });
  it.each(['Information requested', 'Approved', 'Partially approved'])('counts a line %s', (status) => {
    expect(duplicateRequests(proposed, [line({ status })])).toHaveLength(1);
  });
  it.each(['No authorization required', 'Cancelled', 'Denied'])('does not count a line %s', (status) => {
    expect(duplicateRequests(proposed, [line({ status })])).toEqual([]);
  });
  it('does not count another code, or dates that do not overlap; a shared day overlaps', () => {
    expect(duplicateRequests(proposed, [line({ code: '97530' })])).toEqual([]);
    expect(duplicateRequests(proposed, [line({ fromDate: '2026-02-01', toDate: '2026-03-14' })])).toEqual([]);
    expect(duplicateRequests(proposed, [line({ fromDate: '2026-04-16', toDate: '2026-05-01' })])).toEqual([]);
    expect(duplicateRequests(proposed, [line({ fromDate: '2026-04-15', toDate: '2026-05-01' })])).toHaveLength(1);
  });
});

describe('unacknowledged and the messages', () => {
  it('leaves only the requests the office has not continued past', () => {
    const found = duplicateRequests(proposed, [line({}), line({ referenceNumber: '222222222' })]);
    expect(unacknowledged(found, { references: ['111111111'], reason: 'Second episode' }).map((d) => d.referenceNumber)).toEqual(['222222222']);
    expect(unacknowledged(found, undefined)).toHaveLength(2);
  });
  it('needs a reason to continue, and says plainly what the duplicate is', () => {
    expect(duplicateReasonProblem(' ')).toBe('Say why a second request is needed, or update the request already made instead');
    expect(duplicateReasonProblem('x'.repeat(501))).toBe('Why a second request is needed must be 500 characters or fewer');
    expect(duplicateReasonProblem('A second course after surgery')).toBeUndefined();
    expect(duplicateMessage('Dino Saur', duplicateRequests(proposed, [line({})]))).toBe(
      'Dino Saur already has a request for the same service on overlapping dates: 111111111 (97110, pended). Say why a second request is needed and choose Continue anyway, or update that request instead',
    );
  });
});
