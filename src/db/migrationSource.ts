import type { Knex } from 'knex';
import * as createCoreTables from '../../migrations/20261124000000_create_core_tables';
import * as createAttachments from '../../migrations/20261125000000_create_attachments';
import * as createNewbornNotifications from '../../migrations/20261125000100_create_newborn_notifications';
import * as createCodeSearch from '../../migrations/20261125000200_create_code_search';
import * as createSecurityTables from '../../migrations/20261125000300_create_security_tables';
import * as indexRequestLinesByRequest from '../../migrations/20261125000400_index_request_lines_by_request';
import * as tidyCodeNames from '../../migrations/20261129130000_tidy_code_names';
import * as recordRulesDecisionsAndAttestations from '../../migrations/20261129130100_record_rules_decisions_and_attestations';
import * as createJourneys from '../../migrations/20261129140000_create_journeys';
import * as createCacheGenerations from '../../migrations/20261129170000_create_cache_generations';
import * as addPlanOrganizationsAndUserEmail from '../../migrations/20261129180000_add_plan_organizations_and_user_email';
import * as createReviewDesk from '../../migrations/20261129180100_create_review_desk';
import * as restoreOrganizationCacheTriggers from '../../migrations/20261129190000_restore_organization_cache_triggers';
import * as createNoticesAndOutbox from '../../migrations/20261130020000_create_notices_and_outbox';
import * as createRequestMessagesAndReconsiderations from '../../migrations/20261130030000_create_request_messages_and_reconsiderations';
import * as createPlanSettings from '../../migrations/20261130040000_create_plan_settings';
import * as indexReviewQueue from '../../migrations/20261130040100_index_review_queue';
import * as addCodeSynonymsAndSearchOrder from '../../migrations/20261130060000_add_code_synonyms_and_search_order';
import * as addAccountsAndAnnouncements from '../../migrations/20261130070000_add_accounts_and_announcements';
import * as createProviderInformation from '../../migrations/20261130070100_create_provider_information';
import * as addRequestDuplicateReason from '../../migrations/20261130080000_add_request_duplicate_reason';
import * as outboxCarriesOtherMessages from '../../migrations/20261130090000_outbox_carries_other_messages';
import * as createApiClients from '../../migrations/20261130100000_create_api_clients';
import * as recordApiSubmittedRequests from '../../migrations/20261130100100_record_api_submitted_requests';
import * as addAuthorizationVersions from '../../migrations/20261201010000_add_authorization_versions';
import * as recordApiClaimsAndCallWindows from '../../migrations/20261201020000_record_api_claims_and_call_windows';
import * as createSubscriptions from '../../migrations/20261201030000_create_subscriptions';
import * as recordApiAttachments from '../../migrations/20261201040000_record_api_attachments';
import * as indexCodeWordStarts from '../../migrations/20261201050000_index_code_word_starts';
import * as markCodeSearchOrderInWords from '../../migrations/20261201050100_mark_code_search_order_in_words';
import * as recordApiClaimIds from '../../migrations/20261201070000_record_api_claim_ids';
import * as recordCarriedDecisions from '../../migrations/20261201080000_record_carried_decisions';
import * as addSubscriptionHandshakesAndHeartbeats from '../../migrations/20261202110000_add_subscription_handshakes_and_heartbeats';

/**
 * Migrations are listed here rather than read from a folder so that the same list works from src/
 * under ts-jest and from dist/ after a build. Append new ones; never edit or reorder a landed one.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261124000000_create_core_tables': createCoreTables,
  '20261125000000_create_attachments': createAttachments,
  '20261125000100_create_newborn_notifications': createNewbornNotifications,
  '20261125000200_create_code_search': createCodeSearch,
  '20261125000300_create_security_tables': createSecurityTables,
  '20261125000400_index_request_lines_by_request': indexRequestLinesByRequest,
  '20261129130000_tidy_code_names': tidyCodeNames,
  '20261129130100_record_rules_decisions_and_attestations': recordRulesDecisionsAndAttestations,
  '20261129140000_create_journeys': createJourneys,
  '20261129170000_create_cache_generations': createCacheGenerations,
  '20261129180000_add_plan_organizations_and_user_email': addPlanOrganizationsAndUserEmail,
  '20261129180100_create_review_desk': createReviewDesk,
  '20261129190000_restore_organization_cache_triggers': restoreOrganizationCacheTriggers,
  '20261130020000_create_notices_and_outbox': createNoticesAndOutbox,
  '20261130030000_create_request_messages_and_reconsiderations': createRequestMessagesAndReconsiderations,
  '20261130040000_create_plan_settings': createPlanSettings,
  '20261130040100_index_review_queue': indexReviewQueue,
  '20261130060000_add_code_synonyms_and_search_order': addCodeSynonymsAndSearchOrder,
  '20261130070000_add_accounts_and_announcements': addAccountsAndAnnouncements,
  '20261130070100_create_provider_information': createProviderInformation,
  '20261130080000_add_request_duplicate_reason': addRequestDuplicateReason,
  '20261130090000_outbox_carries_other_messages': outboxCarriesOtherMessages,
  '20261130100000_create_api_clients': createApiClients,
  '20261130100100_record_api_submitted_requests': recordApiSubmittedRequests,
  '20261201010000_add_authorization_versions': addAuthorizationVersions,
  '20261201020000_record_api_claims_and_call_windows': recordApiClaimsAndCallWindows,
  '20261201030000_create_subscriptions': createSubscriptions,
  '20261201040000_record_api_attachments': recordApiAttachments,
  '20261201050000_index_code_word_starts': indexCodeWordStarts,
  '20261201050100_mark_code_search_order_in_words': markCodeSearchOrderInWords,
  '20261201070000_record_api_claim_ids': recordApiClaimIds,
  '20261201080000_record_carried_decisions': recordCarriedDecisions,
  '20261202110000_add_subscription_handshakes_and_heartbeats': addSubscriptionHandshakesAndHeartbeats,
};

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return Object.keys(migrations).sort();
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};
