import { sql, type Kysely, type Selectable } from 'kysely';
import { isCleanText } from '../clean-text.ts';
import type { ChatsTable, Database } from '../db/schema.ts';

export interface Chat {
  id: string;
  title: string;
  model: string;
  system: string | null;
  knowledgeBase: boolean;
  /** The tools its replies may call, by name. */
  tools: string[];
  createdAt: string;
  /** When it was last active: its newest message, or its creation (the order of the chat list). */
  updatedAt: string;
}

const toChat = (row: Selectable<ChatsTable> & { activity?: string | null }): Chat => ({
  id: row.id,
  title: row.title,
  model: row.model,
  system: row.system,
  knowledgeBase: row.knowledge_base === 1,
  tools: JSON.parse(row.tools) as string[],
  createdAt: row.created_at,
  updatedAt: row.activity ?? row.created_at,
});

/** Where a page of chats ends: the last chat's activity and id (ids break ties). */
export interface ChatCursor {
  activity: string;
  id: string;
}

/** The cursor as the API hands it out: opaque, so its contents can change without breaking clients. */
export const encodeChatCursor = (cursor: ChatCursor): string => Buffer.from(JSON.stringify([cursor.activity, cursor.id])).toString('base64url');

/**
 * undefined when the text is not a cursor this server made. Its parts go to the database as text, so a
 * forged one must hold text only (PostgreSQL refuses a NUL, which was a 500) and a time.
 */
export function decodeChatCursor(text: string): ChatCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'string' && v.length <= 100 && isCleanText(v))) return undefined;
    if (Number.isNaN(Date.parse(value[0]))) return undefined;
    return { activity: value[0], id: value[1] };
  } catch {
    return undefined;
  }
}

/** When a chat was last active: its newest message, or its creation. Timestamps are ISO strings, so text order is time order. */
const activity = sql<string>`coalesce((select max(m.created_at) from messages m where m.chat_id = chats.id), chats.created_at)`;
export type ChatChanges = Partial<Pick<Chat, 'title' | 'model' | 'system' | 'knowledgeBase' | 'tools'>>;

/** Chats, always scoped to their owner: another user's chat is simply not found. */
export class ChatStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(chat: Omit<Chat, 'tools' | 'updatedAt'> & { tools?: string[]; userId: string; titlePending?: boolean }): Promise<Chat> {
    const row = await this.db
      .insertInto('chats')
      .values({
        id: chat.id,
        user_id: chat.userId,
        title: chat.title,
        model: chat.model,
        system: chat.system,
        knowledge_base: chat.knowledgeBase ? 1 : 0,
        tools: JSON.stringify(chat.tools ?? []),
        title_pending: chat.titlePending ? 1 : 0,
        created_at: chat.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toChat(row);
  }

  /**
   * A user's chats, most recently active first (the newest message, or the chat's creation), a page at a
   * time: `next` is the cursor of the page after this one, or null on the last page. Every caller names
   * its page, so that no list grows with the number of chats.
   */
  async list(userId: string, page: { limit: number; before?: ChatCursor | undefined }): Promise<{ chats: Chat[]; next: ChatCursor | null }> {
    let query = this.withActivity().where('user_id', '=', userId);
    const before = page.before;
    if (before) query = query.where(sql<boolean>`(${activity} < ${before.activity} or (${activity} = ${before.activity} and chats.id < ${before.id}))`);
    const rows = await query
      .orderBy(sql`activity`, 'desc')
      .orderBy('chats.id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
    return { chats: rows.slice(0, page.limit).map(toChat), next: last ? { activity: last.activity, id: last.id } : null };
  }

  async find(userId: string, chatId: string): Promise<Chat | undefined> {
    const row = await this.withActivity().where('id', '=', chatId).where('user_id', '=', userId).executeTakeFirst();
    return row && toChat(row);
  }

  /** Any user's chat: for the generation job, which acts for the chat's owner. */
  async findById(chatId: string): Promise<Chat | undefined> {
    const row = await this.withActivity().where('id', '=', chatId).executeTakeFirst();
    return row && toChat(row);
  }

  private withActivity() {
    return this.db.selectFrom('chats').selectAll('chats').select(activity.as('activity'));
  }

  /** Changes a chat's settings; a title given by its owner is final (none is written for it any more). */
  async update(userId: string, chatId: string, fields: ChatChanges): Promise<Chat | undefined> {
    const result = await this.db
      .updateTable('chats')
      .set({
        ...(fields.title !== undefined ? { title: fields.title, title_pending: 0 } : {}),
        ...(fields.model !== undefined ? { model: fields.model } : {}),
        ...(fields.system !== undefined ? { system: fields.system } : {}),
        ...(fields.knowledgeBase !== undefined ? { knowledge_base: fields.knowledgeBase ? 1 : 0 } : {}),
        ...(fields.tools !== undefined ? { tools: JSON.stringify(fields.tools) } : {}),
      })
      .where('id', '=', chatId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    // Read back with its activity (an UPDATE … RETURNING cannot compute it).
    return result.numUpdatedRows > 0n ? this.find(userId, chatId) : undefined;
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
