import type { Kysely } from 'kysely';

/**
 * Chats get titles written for them, and messages form a tree (retry and edit add versions beside a message), and each chat keeps one current
 * path through it, named by its last message. Existing chats become one path in their old order: a
 * reply follows the question it answers, a question follows the message before it, and the path ends
 * at the chat's last message, so every chat reads as it did and earlier retries become versions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('parent_id', 'text').execute();
  await db.schema.alterTable('chats').addColumn('current_message_id', 'text').execute();
  // 1 while a chat made without a title waits for the one its model writes after the first reply.
  await db.schema
    .alterTable('chats')
    .addColumn('title_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  const rows: Array<{ id: string; chat_id: string; role: string; reply_to: string | null }> = await db
    .selectFrom('messages')
    .select(['id', 'chat_id', 'role', 'reply_to'])
    .orderBy('chat_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const lastOfChat = new Map<string, string>();
  for (const row of rows) {
    const parent = row.role === 'assistant' && row.reply_to ? row.reply_to : (lastOfChat.get(row.chat_id) ?? null);
    if (parent !== null) await db.updateTable('messages').set({ parent_id: parent }).where('id', '=', row.id).execute();
    lastOfChat.set(row.chat_id, row.id);
  }
  for (const [chatId, messageId] of lastOfChat) {
    await db.updateTable('chats').set({ current_message_id: messageId }).where('id', '=', chatId).execute();
  }
}
