import type { Db } from '../db/database';
import { latestByLine, listLineDecisions } from '../db/repositories/lineDecisions';
import { listReconsiderations, type ContestedLine } from '../db/repositories/reconsiderations';
import type { RequestDetail } from '../db/repositories/requests';
import { formatDate } from '../domain/dates';
import { isReconsiderable, reconsiderationOpen } from '../domain/lineDecisions';
import { readPlanSettings } from '../db/repositories/planSettings';
import { dateInTimeZone } from '../domain/reviewClock';

/** How many days after a decision the office may ask for reconsideration: the plan's setting (default 60). */
export async function reconsiderationWindowDays(db: Db): Promise<number> {
  return (await readPlanSettings(db)).reconsiderationDays;
}

export interface ReconsiderableLine {
  lineNumber: number;
  code: string;
  outcome: string;
  /** The last day to ask, MM/DD/YYYY. */
  deadline: string;
  open: boolean;
  contested: ContestedLine;
}

/**
 * The lines the office may ask to have reconsidered: denied or partially approved, never reconsidered
 * before (one reconsideration per line), each with its deadline (the window counts from the decision's
 * date in the plan's time zone) and whether it has passed.
 */
export async function reconsiderationChoices(db: Db, request: RequestDetail, now: Date, timeZone: string): Promise<{ days: number; lines: ReconsiderableLine[]; anyOpen: boolean }> {
  const [decisions, reconsiderations, days] = await Promise.all([listLineDecisions(db, request.id), listReconsiderations(db, request.id), reconsiderationWindowDays(db)]);
  const latest = latestByLine(decisions);
  const today = dateInTimeZone(now, timeZone);
  const lines: ReconsiderableLine[] = [];
  for (const line of request.lines) {
    const d = latest.get(line.lineNumber);
    if (!d || !isReconsiderable(line.status) || d.outcome !== line.status) continue;
    if (reconsiderations.some((r) => r.lineId === line.id)) continue;
    const window = reconsiderationOpen(dateInTimeZone(new Date(d.decidedAt), timeZone), today, days);
    lines.push({
      lineNumber: line.lineNumber,
      code: line.code,
      outcome: line.status,
      deadline: formatDate(window.deadline),
      open: window.open,
      contested: { lineId: line.id, decisionCount: line.decisionCount, decisionId: d.id, outcome: d.outcome, decidedBy: d.decidedBy },
    });
  }
  return { days, lines, anyOpen: lines.some((l) => l.open) };
}
