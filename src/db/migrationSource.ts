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
import * as addRequestDuplicateReason from '../../migrations/20261130080000_add_request_duplicate_reason';

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
  '20261130080000_add_request_duplicate_reason': addRequestDuplicateReason,
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
