import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import { listCoverageRules } from '../db/repositories/coverageRules';
import { readPlanSettings } from '../db/repositories/planSettings';
import { listRecordedRequests } from '../db/repositories/priorAuthMetrics';
import { PARTIAL_APPROVALS_WORDS } from '../domain/planSettings';
import { decidedRequestFrom, metricsRows, parseMetricsYear, priorAuthItems, toCsv, yearBounds, yearFigures, yearIn, type DecidedRequest } from '../domain/priorAuthMetrics';
import { textOf } from '../validation';

const PATH = '/prior-authorization/metrics';
/** The first year offered: CMS-0057-F's decision timeframes apply from 2026, and a year before is kept for comparison. */
const FIRST_YEAR = 2025;

/**
 * The plan's public figures (CMS-0057-F; 42 CFR 422.122(c)): anyone may read them without signing in,
 * for a calendar year, as a page and as CSV. The figures come from the recorded decisions.
 */
export function metricsRouter(db: Db, timeZone: string, clock: () => Date): Router {
  const router = Router();

  async function figuresFor(year: number) {
    const { from, to } = yearBounds(year, timeZone);
    const decided = (await listRecordedRequests(db, from, to)).map(decidedRequestFrom).filter((r): r is DecidedRequest => r !== undefined);
    const settings = await readPlanSettings(db);
    const figures = yearFigures(decided, settings.partialApprovals);
    return { settings, figures, rows: metricsRows(figures) };
  }

  /** The year asked for: the current one when none is, undefined when the address holds something else. */
  function yearAskedFor(req: Request): { year?: number; current: number; typed: string } {
    const current = yearIn(clock(), timeZone);
    const typed = textOf(req.query.year).trim();
    return { year: typed === '' ? current : parseMetricsYear(typed, current), current, typed };
  }

  async function page(req: Request, res: Response) {
    const { year, current, typed } = yearAskedFor(req);
    const years = Array.from({ length: current - FIRST_YEAR + 1 }, (_, i) => current - i);
    if (year === undefined) {
      return res.status(400).render('metrics/index', {
        title: 'Error: Prior authorization metrics',
        errors: [{ field: 'year', message: `Choose a year from the list: ${FIRST_YEAR} to ${current}` }],
        years: years.map((y) => ({ value: String(y), text: String(y), selected: false })),
        typed,
      });
    }
    const { settings, figures, rows } = await figuresFor(year);
    res.render('metrics/index', {
      title: `Prior authorization metrics for ${year}`,
      errors: [],
      year,
      years: years.map((y) => ({ value: String(y), text: String(y), selected: y === year })),
      rows,
      standardDecided: figures.standard.requests,
      partialApprovals: PARTIAL_APPROVALS_WORDS[settings.partialApprovals],
      timeZone,
      items: priorAuthItems(await listCoverageRules(db)),
      csvHref: `${PATH}.csv?year=${year}`,
    });
  }

  async function csv(req: Request, res: Response) {
    const { year, current } = yearAskedFor(req);
    if (year === undefined) return res.status(400).type('text/plain').send(`Choose a year from ${FIRST_YEAR} to ${current}, like ?year=${current}\n`);
    const { rows } = await figuresFor(year);
    res.attachment(`prior-authorization-metrics-${year}.csv`);
    res.type('text/csv').send(toCsv([['Year', 'Measure', 'Standard requests', 'Expedited requests'], ...rows.map((r) => [String(year), r.measure, r.standard, r.expedited])]));
  }

  router.get(PATH, (req, res) => (textOf(req.query.format) === 'csv' ? csv(req, res) : page(req, res)));
  router.get(`${PATH}.csv`, csv);
  return router;
}
