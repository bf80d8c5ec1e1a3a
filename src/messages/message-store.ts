import type { Insertable, Kysely } from 'kysely';
import { Precompiled } from '../db/precompiled-query.ts';
import type { Database, MessagesTable } from '../db/schema.ts';
import type { StoreDialect } from '../db/store-dialect.ts';
import type { BilledUsage, ReplyCost, Source } from '../streams/reply-events.ts';
import type { StoredPart } from '../streams/reply-parts.ts';
import type { MessageRow, MessageStatus } from './message.ts';
import { MessageTree } from './message-tree.ts';
import { RoundTripBatches } from '../round-trip-batches.ts';
import { writeProgress, type ProgressWrite } from './progress-writes.ts';

export type NewMessage = Insertable<MessagesTable>;

/** Why a new reply cannot start: the chat already streams one, or the user streams too many. */
export type ReplyRefusal = 'chat_busy' | 'too_many_streams';

export interface Ending {
  status: Exclude<MessageStatus, 'streaming'>;
  content: string;
  finishReason: string | null;
  error: string | null;
  usage: BilledUsage;
  firstTokenMs: number | null;
  durationMs: number | null;
  completedAt: string;
  /** Written when given (the job's ending); other endings keep what the last flush stored. */
  parts?: StoredPart[] | null;
  thinking?: string[];
  sources?: Source[] | null;
  /** Written when given: what the reply cost (null: a model with no price). */
  cost?: ReplyCost;
  /** Written with the cost: the tokens it was counted from, the provider's or Hotline's count (null: a model with no price). */
  countedTokens?: { inputTokens: number; outputTokens: number } | null;
}

/**
 * Messages, and the life of a streaming reply in the database. Every write to a streaming reply is
 * conditional on it still streaming, so a job, a Stop, a chat deletion and the stale sweep can race
 * and exactly one of them ends it.
 */
export class MessageStore {
  /** Every streaming reply's progress flushes (each every 250 ms) go out together, a statement per round trip. */
  private readonly progressWrites = new RoundTripBatches<ProgressWrite, boolean>((writes) => writeProgress(this.db, writes));
  // The per-reply hot queries, compiled once.
  private readonly claimQuery: Precompiled<{ id: string; now: string }>;
  private readonly findByIdQuery: Precompiled<{ id: string }, MessageRow>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {
    this.claimQuery = new Precompiled((slot) =>
      db
        .updateTable('messages')
        .set({ started_at: slot('now'), updated_at: slot('now') })
        .where('id', '=', slot('id'))
        .where('status', '=', 'streaming')
        .where('started_at', 'is', null),
    );
    this.findByIdQuery = new Precompiled((slot) => db.selectFrom('messages').selectAll().where('id', '=', slot('id')));
  }

  /**
   * Inserts the messages of a new turn (or a retry's reply alone), unless a reply may not start now, and
   * makes the last of them the end of the chat's current path. `followCurrent`: the first message follows
   * the path's end as it is in this transaction (a new question), rather than the parent it was given.
   */
  async insertTurn(chatId: string, userId: string, messages: NewMessage[], maxStreamsPerUser: number, followCurrent = false): Promise<ReplyRefusal | null> {
    return this.db.transaction().execute(async (trx) => {
      await this.dialect.lockChat(trx, chatId);
      const streaming = await trx
        .selectFrom('messages')
        .select(['chat_id'])
        .where('user_id', '=', userId)
        .where('status', 'in', ['streaming', 'awaiting_approval'])
        .execute();
      if (streaming.some((m) => m.chat_id === chatId)) return 'chat_busy';
      if (streaming.length >= maxStreamsPerUser) return 'too_many_streams';
      if (followCurrent) {
        const chat = await trx.selectFrom('chats').select('current_message_id').where('id', '=', chatId).executeTakeFirst();
        messages[0]!.parent_id = chat?.current_message_id ?? null;
      }
      await trx.insertInto('messages').values(messages).execute();
      await trx
        .updateTable('chats')
        .set({ current_message_id: messages.at(-1)!.id })
        .where('id', '=', chatId)
        .execute();
      return null;
    });
  }

  /**
   * Takes back a turn whose job could not be enqueued: its messages are deleted, unless a job claimed the
   * reply meanwhile (the enqueue went through after all), which then runs. True when taken back.
   */
  async withdrawTurn(messageIds: string[]): Promise<boolean> {
    const replyId = messageIds.at(-1)!;
    return this.db.transaction().execute(async (trx) => {
      const first = await trx.selectFrom('messages').select(['chat_id', 'parent_id']).where('id', '=', messageIds[0]!).executeTakeFirst();
      const { numDeletedRows } = await trx
        .deleteFrom('messages')
        .where('id', '=', replyId)
        .where('status', '=', 'streaming')
        .where('started_at', 'is', null)
        .executeTakeFirst();
      if (numDeletedRows === 0n) return false;
      if (messageIds.length > 1) await trx.deleteFrom('messages').where('id', 'in', messageIds.slice(0, -1)).execute();
      // The chat's current path went to the turn; it goes back to where the turn started.
      if (first) {
        await trx
          .updateTable('chats')
          .set({ current_message_id: first.parent_id })
          .where('id', '=', first.chat_id)
          .where('current_message_id', 'in', messageIds)
          .execute();
      }
      return true;
    });
  }

  /** Moves the chat's current path to end at `messageId`, unless a reply of the chat is streaming. */
  async setCurrent(chatId: string, messageId: string): Promise<'chat_busy' | null> {
    return this.db.transaction().execute(async (trx) => {
      await this.dialect.lockChat(trx, chatId);
      const streaming = await trx
        .selectFrom('messages')
        .select('id')
        .where('chat_id', '=', chatId)
        .where('status', 'in', ['streaming', 'awaiting_approval'])
        .executeTakeFirst();
      if (streaming) return 'chat_busy';
      await trx.updateTable('chats').set({ current_message_id: messageId }).where('id', '=', chatId).execute();
      return null;
    });
  }

  /** The chat's messages as a tree, and its current path. */
  async currentPath(chatId: string): Promise<{ tree: MessageTree; path: MessageRow[] }> {
    const chat = await this.db.selectFrom('chats').select('current_message_id').where('id', '=', chatId).executeTakeFirst();
    const tree = new MessageTree(await this.listForChat(chatId));
    return { tree, path: tree.pathTo(chat?.current_message_id ?? null) };
  }

  /** The ids of a message's versions (same chat, parent and role), oldest first. */
  async versionsOf(row: MessageRow): Promise<string[]> {
    const rows = await this.db
      .selectFrom('messages')
      .select('id')
      .where('chat_id', '=', row.chat_id)
      .where('role', '=', row.role)
      .where('parent_id', row.parent_id === null ? 'is' : '=', row.parent_id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async find(userId: string, messageId: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('id', '=', messageId).where('user_id', '=', userId).executeTakeFirst();
  }

  async findById(messageId: string): Promise<MessageRow | undefined> {
    const { rows } = await this.findByIdQuery.run(this.db, { id: messageId });
    return rows[0];
  }

  async listForChat(chatId: string): Promise<MessageRow[]> {
    return this.db.selectFrom('messages').selectAll().where('chat_id', '=', chatId).orderBy('created_at').orderBy('id').execute();
  }

  async streamingInChat(chatId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('messages')
      .select('id')
      .where('chat_id', '=', chatId)
      .where('status', 'in', ['streaming', 'awaiting_approval'])
      .execute();
    return rows.map((r) => r.id);
  }

  /** A job takes a reply once; false when it ended (stopped, swept) or another job has it. */
  async claim(messageId: string, now: string): Promise<boolean> {
    const result = await this.claimQuery.run(this.db, { id: messageId, now });
    return (result.numAffectedRows ?? 0n) > 0n;
  }

  /**
   * The batched flush of a streaming reply; false when the reply has ended under the job. It goes out
   * with the flushes of the process's other replies (`progressWrites`).
   */
  saveProgress(
    messageId: string,
    progress: { content: string; parts?: StoredPart[] | null; thinking: string[]; sources: Source[] | null },
    now: string,
  ): Promise<boolean> {
    return this.progressWrites.add({
      id: messageId,
      content: progress.content,
      parts: progress.parts ? JSON.stringify(progress.parts) : null,
      thinking: JSON.stringify(progress.thinking),
      sources: progress.sources ? JSON.stringify(progress.sources) : null,
      now,
    });
  }

  /**
   * Ends the job's turn of a reply whose tool calls wait for the user: everything so far is stored and
   * the reply waits, with no job, for the decision. False when it ended under the job (a Stop).
   */
  async awaitApproval(
    messageId: string,
    progress: { content: string; parts: StoredPart[] | null; thinking: string[]; sources: Source[] | null; usage: BilledUsage },
    now: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('messages')
      .set({
        status: 'awaiting_approval',
        content: progress.content,
        parts: progress.parts ? JSON.stringify(progress.parts) : null,
        thinking: JSON.stringify(progress.thinking),
        ...(progress.sources ? { sources: JSON.stringify(progress.sources) } : {}),
        input_tokens: progress.usage.inputTokens,
        output_tokens: progress.usage.outputTokens,
        cached_input_tokens: progress.usage.cachedInputTokens,
        reasoning_tokens: progress.usage.reasoningTokens,
        cache_write_tokens: progress.usage.cacheWriteTokens,
        updated_at: now,
      })
      .where('id', '=', messageId)
      .where('status', '=', 'streaming')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * A waiting reply goes on: it streams again, unclaimed, for the next job to take. True for exactly one
   * caller, however many decisions arrive at once.
   */
  async resumeAfterApproval(messageId: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('messages')
      .set({ status: 'streaming', started_at: null, updated_at: now })
      .where('id', '=', messageId)
      .where('status', '=', 'awaiting_approval')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Replies waiting for a decision since before `before`. */
  async awaitingSince(before: string): Promise<MessageRow[]> {
    return this.db.selectFrom('messages').selectAll().where('status', '=', 'awaiting_approval').where('updated_at', '<', before).execute();
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
        reasoning_tokens: ending.usage.reasoningTokens,
        cache_write_tokens: ending.usage.cacheWriteTokens,
        first_token_ms: ending.firstTokenMs,
        duration_ms: ending.durationMs,
        completed_at: ending.completedAt,
        updated_at: ending.completedAt,
        ...(ending.parts !== undefined ? { parts: ending.parts ? JSON.stringify(ending.parts) : null } : {}),
        ...(ending.thinking ? { thinking: JSON.stringify(ending.thinking) } : {}),
        ...(ending.sources ? { sources: JSON.stringify(ending.sources) } : {}),
        ...(ending.cost !== undefined
          ? {
              cost_usd: ending.cost?.usd ?? null,
              cost_estimated: ending.cost ? Number(ending.cost.estimated) : null,
              cost_input_tokens: ending.countedTokens?.inputTokens ?? null,
              cost_output_tokens: ending.countedTokens?.outputTokens ?? null,
            }
          : {}),
      })
      .where('id', '=', messageId)
      .where('status', 'in', ['streaming', 'awaiting_approval']);
    // A reply waiting for a decision has no job: whoever stops it ends it.
    if (onlyIfUnclaimed) query = query.where((eb) => eb.or([eb('started_at', 'is', null), eb('status', '=', 'awaiting_approval')]));
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
    return this.db.selectFrom('messages').selectAll().where('status', '=', 'streaming').where('started_at', 'is not', null).execute();
  }
}
