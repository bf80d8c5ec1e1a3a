import type { Kysely } from 'kysely';

/**
 * Files sent with messages, their bytes in the database (`bytea` is PostgreSQL's binary type; SQLite keeps
 * a blob as it is in a column of any declared type). An upload belongs to its user until a message takes
 * it; from then on it belongs to that message's chat too, and goes when the chat goes. A message lists
 * its files (id, name, type, size) in `attachments`, so an edit's new version can carry them on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('chat_id', 'text', (c) => c.references('chats.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_by_user').on('attachments').columns(['user_id', 'chat_id']).execute();
  await db.schema.alterTable('messages').addColumn('attachments', 'text').execute();
}
