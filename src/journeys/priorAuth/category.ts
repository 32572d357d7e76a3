import { listCoverageRules } from '../../db/repositories/coverageRules';
import { staleClinicalAnswers, type CareSetting } from '../../domain/coverage';
import type { StepContext } from './step';

/**
 * Files the request under another care setting or category. The coverage rules then apply afresh:
 * clinical answers given for a rule that no longer applies are dropped, and the codes concerned are
 * kept so that the review can say which lines need Document Clinical again.
 */
export async function fileUnder(ctx: StepContext, chosen: { careSetting: CareSetting; categoryId: string }): Promise<void> {
  const { journey } = ctx;
  const before = journey.answers.careSetting;
  journey.answers.careSetting = { careSetting: chosen.careSetting, categoryId: chosen.categoryId };
  if (before?.careSetting === chosen.careSetting && before.categoryId === chosen.categoryId) return;
  const stale = staleClinicalAnswers(await listCoverageRules(ctx.db), journey.clinical, chosen);
  for (const code of stale) delete journey.clinical[code];
  journey.clinicalAgain = [...new Set([...(journey.clinicalAgain ?? []), ...stale])];
}
