import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.string('original_name').notNullable();
    // Generated; never the uploader's name, so no name can reach outside UPLOAD_DIR.
    t.string('stored_name').notNullable().unique();
    t.string('file_type').notNullable(); // pdf | tiff | doc | docx | xls | xlsx | txt
    t.string('media_type').notNullable();
    t.integer('size_bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('uploaded_by').notNullable().references('users.id');
    t.string('uploaded_at').notNullable();
    t.index(['request_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('attachments');
}
