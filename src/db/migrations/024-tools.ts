import type { Kysely } from 'kysely';

/**
 * Tools: the names a chat's replies may call (`chats.tools`, a JSON array), and the user's decisions on
 * calls that wait for approval, one per call (the key makes a second decision on the same call a conflict).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('chats')
    .addColumn('tools', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createTable('tool_decisions')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('tool_call_id', 'text', (c) => c.notNull())
    .addColumn('approved', 'integer', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tool_decisions_pk', ['message_id', 'tool_call_id'])
    .execute();
}
