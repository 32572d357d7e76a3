import type { Db } from '../database';

/** A reason a reviewer may pick for a decision: OpenPA's plain words, optionally the X12 code a licensed plan maps it to. */
export interface DecisionReason {
  code: string;
  reason: string;
  x12Code: string | null;
}

export async function listDecisionReasons(db: Db): Promise<DecisionReason[]> {
  const rows = await db('decision_reasons').orderBy('position').select('code', 'reason', 'x12_code');
  return rows.map((r) => ({ code: r.code, reason: r.reason, x12Code: r.x12_code ?? null }));
}

/** Loads the list when none is loaded yet (a plan that loaded its own keeps it). */
export async function loadDecisionReasonsIfEmpty(db: Db, reasons: readonly { code: string; reason: string; x12Code?: string }[]): Promise<void> {
  const row = await db('decision_reasons').count<{ n: number }[]>({ n: '*' }).first();
  if (Number(row?.n ?? 0) > 0) return;
  await db('decision_reasons').insert(reasons.map((r, i) => ({ code: r.code, reason: r.reason, x12_code: r.x12Code ?? null, position: i + 1 })));
}
