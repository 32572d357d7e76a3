import type { Db } from '../../src/db/database';

/**
 * Files whose tests each submit the same request (Dino Saur, the same code, the same dates) would meet
 * the duplicate warning (issue 14) from their second test on, as a person asking twice rightly would.
 * Their tests are about something else: each starts with the earlier requests' lines withdrawn, so none
 * of them counts as a duplicate. Call it in an afterEach. The demo requests are left alone.
 */
export async function withdrawEveryRequest(db: Db): Promise<void> {
  // Only what the tests submitted through the request journey: the demo requests (journey "demo-…") stay as seeded.
  const submitted = db('auth_requests').whereNot('journey_id', 'like', 'demo-%').select('id');
  await db('request_lines').whereIn('request_id', submitted).whereIn('status', ['Pended', 'Information requested', 'Approved', 'Partially approved']).update({ status: 'Cancelled' });
}
