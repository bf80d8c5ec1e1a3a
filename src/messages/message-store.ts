import type { Insertable, Kysely } from 'kysely';
import type { Database, MessagesTable } from '../db/schema.ts';
import type { StoreDialect } from '../db/store-dialect.ts';
import type { Source, Usage } from '../streams/reply-events.ts';
import type { MessageRow, MessageStatus } from './message.ts';

export type NewMessage = Insertable<MessagesTable>;

/** Why a new reply cannot start: the chat already streams one, or the user streams too many. */
export type ReplyRefusal = 'chat_busy' | 'too_many_streams';

export interface Ending {
  status: Exclude<MessageStatus, 'streaming'>;
  content: string;
  finishReason: string | null;
  error: string | null;
  usage: Usage;
  firstTokenMs: number | null;
  durationMs: number | null;
  completedAt: string;
  /** Written when given (the job's ending); other endings keep what the last flush stored. */
  thinking?: string[];
  sources?: Source[] | null;
}

/**
 * Messages, and the life of a streaming reply in the database. Every write to a streaming reply is
 * conditional on it still streaming, so a job, a Stop, a chat deletion and the stale sweep can race
 * and exactly one of them ends it.
 */
export class MessageStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Inserts the messages of a new turn (or a retry's reply alone), unless a reply may not start now. */
  async insertTurn(
    chatId: string,
    userId: string,
    messages: NewMessage[],
    maxStreamsPerUser: number,
  ): Promise<ReplyRefusal | null> {
    return this.db.transaction().execute(async (trx) => {
      await this.dialect.lockChat(trx, chatId);
      const streaming = await trx
        .selectFrom('messages')
        .select(['chat_id'])
        .where('user_id', '=', userId)
        .where('status', '=', 'streaming')
        .execute();
      if (streaming.some((m) => m.chat_id === chatId)) return 'chat_busy';
      if (streaming.length >= maxStreamsPerUser) return 'too_many_streams';
      await trx.insertInto('messages').values(messages).execute();
      return null;
    });
  }

  async find(userId: string, messageId: string): Promise<MessageRow | undefined> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', messageId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  async findById(messageId: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  }

  async listForChat(chatId: string): Promise<MessageRow[]> {
    return this.db.selectFrom('messages').selectAll().where('chat_id', '=', chatId).orderBy('created_at').orderBy('id').execute();
  }

  async streamingInChat(chatId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('messages')
      .select('id')
      .where('chat_id', '=', chatId)
      .where('status', '=', 'streaming')
      .execute();
    return rows.map((r) => r.id);
  }

  /** A job takes a reply once; false when it ended (stopped, swept) or another job has it. */
  async claim(messageId: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('messages')
      .set({ started_at: now, updated_at: now })
      .where('id', '=', messageId)
      .where('status', '=', 'streaming')
      .where('started_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The batched flush of a streaming reply; false when the reply has ended under the job. */
  async saveProgress(
    messageId: string,
    progress: { content: string; thinking: string[]; sources: Source[] | null },
    now: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('messages')
      .set({
        content: progress.content,
        thinking: JSON.stringify(progress.thinking),
        ...(progress.sources ? { sources: JSON.stringify(progress.sources) } : {}),
        updated_at: now,
      })
      .where('id', '=', messageId)
      .where('status', '=', 'streaming')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Ends a streaming reply; false when something else ended it first. */
  async end(messageId: string, ending: Ending, onlyIfUnclaimed = false): Promise<boolean> {
    let query = this.db
      .updateTable('messages')
      .set({
        status: ending.status,
        content: ending.content,
        finish_reason: ending.finishReason,
        error: ending.error,
        input_tokens: ending.usage.inputTokens,
        output_tokens: ending.usage.outputTokens,
        cached_input_tokens: ending.usage.cachedInputTokens,
        first_token_ms: ending.firstTokenMs,
        duration_ms: ending.durationMs,
        completed_at: ending.completedAt,
        updated_at: ending.completedAt,
        ...(ending.thinking ? { thinking: JSON.stringify(ending.thinking) } : {}),
        ...(ending.sources ? { sources: JSON.stringify(ending.sources) } : {}),
      })
      .where('id', '=', messageId)
      .where('status', '=', 'streaming');
    if (onlyIfUnclaimed) query = query.where('started_at', 'is', null);
    const result = await query.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Replies still waiting for a job (never claimed) since before `before`. */
  async unclaimedSince(before: string): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('status', '=', 'streaming')
      .where('started_at', 'is', null)
      .where('updated_at', '<', before)
      .execute();
  }

  /** Replies a job has claimed and not ended: each must have a live lease, or its job is gone. */
  async claimedStreaming(): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('status', '=', 'streaming')
      .where('started_at', 'is not', null)
      .execute();
  }
}
