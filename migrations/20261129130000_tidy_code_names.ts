import type { Knex } from 'knex';

const LABEL_SUFFIX = ' - OpenPA plain-language label';

/**
 * Words that were never meant for a provider, in databases loaded before the data files were fixed:
 * the demo CPT labels ended in " - OpenPA plain-language label", and place of service 06 lost a space
 * in the CMS list ("Indian Health ServiceProvider-based Facility"; the importer now mends it). The
 * codes_fts triggers keep the search index in step with the descriptions changed here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('codes')
    .where('system', 'CPT')
    .where('description', 'like', `%${LABEL_SUFFIX}`)
    .update({ description: knex.raw('substr(description, 1, length(description) - ?)', [LABEL_SUFFIX.length]) });
  await knex('places_of_service').where('name', 'Indian Health ServiceProvider-based Facility').update({ name: 'Indian Health Service Provider-based Facility' });
}

/** Nothing to undo: the old words were mistakes, and the fixed ones read the same to every version of the portal. */
export async function down(): Promise<void> {}
