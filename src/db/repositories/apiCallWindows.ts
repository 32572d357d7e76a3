import type { Db } from '../database';

/**
 * Counts one call of an API client in a window and returns the window's count with it. One statement
 * (an insert that adds one to the row already there), so that calls at once, from this process or
 * another, each get a count of their own. The client's earlier windows go when a new one starts.
 */
export async function countApiCall(db: Db, apiClientId: number, windowStart: string): Promise<number> {
  const rows: { calls: number }[] = await db('api_call_windows')
    .insert({ api_client_id: apiClientId, window_start: windowStart, calls: 1 })
    .onConflict(['api_client_id', 'window_start'])
    .merge({ calls: db.raw('api_call_windows.calls + 1') })
    .returning('calls');
  const calls = Number(rows[0]?.calls ?? 1);
  if (calls === 1) await db('api_call_windows').where('api_client_id', apiClientId).where('window_start', '<', windowStart).delete();
  return calls;
}
