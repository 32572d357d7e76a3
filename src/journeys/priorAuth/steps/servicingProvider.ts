import { findProviderById, searchProviders, type Provider } from '../../../db/repositories/providers';
import { noProvidersMatch, providerDetails, providerSearchProblem } from '../../../domain/providerSearch';
import { textOf } from '../../../validation';
import { errorsOutcome, type Step } from '../step';

function providerOption(p: Provider, checked: boolean) {
  return {
    value: String(p.id),
    label: `${p.name} (NPI ${p.npi})`,
    hint: providerDetails(p),
    checked,
  };
}

export const servicingProviderStep: Step = {
  slug: 'servicing-provider',
  title: 'Servicing provider',
  view: 'priorAuth/servicingProvider',

  isComplete: (journey) => journey.answers.provider !== undefined,

  storedValues: (journey) => ({ providerQuery: journey.searches.provider ?? '', providerId: String(journey.answers.provider?.providerId ?? '') }),

  async viewModel(ctx, form) {
    const query = ctx.journey.searches.provider;
    // A search that failed shows its message alone, not the results of the search before it.
    if (form.errors.some((e) => e.field === 'providerQuery')) return { searched: true, providerOptions: [] };
    const results = query ? await searchProviders(ctx.db, query) : [];
    const chosenId = ctx.journey.answers.provider?.providerId;
    if (chosenId !== undefined && !results.some((p) => p.id === chosenId)) {
      const chosen = await findProviderById(ctx.db, chosenId);
      if (chosen) results.unshift(chosen);
    }
    return {
      searched: query !== undefined,
      providerOptions: results.map((p) => providerOption(p, form.values.providerId === String(p.id))),
    };
  },

  actions: {
    async find(ctx, body) {
      const query = textOf(body.providerQuery).trim();
      const problem = providerSearchProblem(query);
      if (problem) return errorsOutcome([{ field: 'providerQuery', message: problem }]);
      const results = await searchProviders(ctx.db, query);
      if (results.length === 0) {
        return errorsOutcome([{ field: 'providerQuery', message: noProvidersMatch(query) }]);
      }
      ctx.journey.searches.provider = query;
      return { kind: 'stay', anchor: 'providerId' };
    },

    async continue(ctx, body) {
      const chosen = textOf(body.providerId);
      if (chosen === '') {
        const searched = ctx.journey.searches.provider !== undefined || ctx.journey.answers.provider !== undefined;
        return errorsOutcome([
          searched
            ? { field: 'providerId', message: 'Select the servicing provider' }
            : { field: 'providerQuery', message: 'Search for the servicing provider, then select one of the results' },
        ]);
      }
      const query = ctx.journey.searches.provider;
      const offered = query ? await searchProviders(ctx.db, query) : [];
      const id = Number(chosen);
      const allowed = offered.some((p) => p.id === id) || ctx.journey.answers.provider?.providerId === id;
      if (!allowed) return errorsOutcome([{ field: 'providerId', message: 'Select the servicing provider' }]);
      ctx.journey.answers.provider = { providerId: id };
      return { kind: 'next' };
    },
  },

  // A search and a choice of provider depend on nothing else the request says.
  reapplyOnConflict: ['find', 'continue'],

  async summary(ctx) {
    const chosen = ctx.journey.answers.provider && (await findProviderById(ctx.db, ctx.journey.answers.provider.providerId));
    return [{ key: 'Servicing provider', value: chosen ? `${chosen.name} (NPI ${chosen.npi})` : '' }];
  },
};
