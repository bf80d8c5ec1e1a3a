import type { Kysely, Selectable } from 'kysely';
import type { ChatsTable, Database } from '../db/schema.ts';

export interface Chat {
  id: string;
  title: string;
  model: string;
  system: string | null;
  knowledgeBase: boolean;
  createdAt: string;
}

const toChat = (row: Selectable<ChatsTable>): Chat => ({
  id: row.id,
  title: row.title,
  model: row.model,
  system: row.system,
  knowledgeBase: row.knowledge_base === 1,
  createdAt: row.created_at,
});

export type ChatChanges = Partial<Pick<Chat, 'title' | 'model' | 'system' | 'knowledgeBase'>>;

/** Chats, always scoped to their owner: another user's chat is simply not found. */
export class ChatStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(chat: Chat & { userId: string; titlePending?: boolean }): Promise<Chat> {
    const row = await this.db
      .insertInto('chats')
      .values({
        id: chat.id,
        user_id: chat.userId,
        title: chat.title,
        model: chat.model,
        system: chat.system,
        knowledge_base: chat.knowledgeBase ? 1 : 0,
        title_pending: chat.titlePending ? 1 : 0,
        created_at: chat.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toChat(row);
  }

  async list(userId: string): Promise<Chat[]> {
    const rows = await this.db
      .selectFrom('chats')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toChat);
  }

  async find(userId: string, chatId: string): Promise<Chat | undefined> {
    const row = await this.db
      .selectFrom('chats')
      .selectAll()
      .where('id', '=', chatId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toChat(row);
  }

  /** Any user's chat: for the generation job, which acts for the chat's owner. */
  async findById(chatId: string): Promise<Chat | undefined> {
    const row = await this.db.selectFrom('chats').selectAll().where('id', '=', chatId).executeTakeFirst();
    return row && toChat(row);
  }

  /** Changes a chat's settings; a title given by its owner is final (none is written for it any more). */
  async update(userId: string, chatId: string, fields: ChatChanges): Promise<Chat | undefined> {
    const row = await this.db
      .updateTable('chats')
      .set({
        ...(fields.title !== undefined ? { title: fields.title, title_pending: 0 } : {}),
        ...(fields.model !== undefined ? { model: fields.model } : {}),
        ...(fields.system !== undefined ? { system: fields.system } : {}),
        ...(fields.knowledgeBase !== undefined ? { knowledge_base: fields.knowledgeBase ? 1 : 0 } : {}),
      })
      .where('id', '=', chatId)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    return row && toChat(row);
  }

  /** Sets the title written for a chat, unless it has one by then (its owner named it meanwhile). */
  async setWrittenTitle(chatId: string, title: string): Promise<boolean> {
    const result = await this.db
      .updateTable('chats')
      .set({ title, title_pending: 0 })
      .where('id', '=', chatId)
      .where('title_pending', '=', 1)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async titlePending(chatId: string): Promise<boolean> {
    const row = await this.db.selectFrom('chats').select('title_pending').where('id', '=', chatId).executeTakeFirst();
    return row?.title_pending === 1;
  }

  async delete(userId: string, chatId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('chats').where('id', '=', chatId).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
