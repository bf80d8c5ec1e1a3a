import type { Ending } from '../messages/message-store.ts';
import { storedUsageOf, type MessageRow } from '../messages/message.ts';
import type { Prices } from '../costs/prices.ts';
import { costOfReply } from '../costs/reply-costing.ts';
import type { EventLog } from '../streams/event-log.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { partsOfRow, ReplyTranscript } from '../streams/reply-parts.ts';
import { conversationFor } from './conversation.ts';
import { endReply, type EndReplyDeps } from './end-reply.ts';

export interface EndWithoutJobDeps extends EndReplyDeps {
  prices: Prices;
  spending: { settle(messageId: string, usd: number): Promise<void> };
}

/**
 * Ends a reply that no job will end: its job died (the stale sweep), its chat is being deleted under its
 * job, it is stopped before any job took it, or it waits for an approval and has no job. It keeps what
 * reached its log (which can be ahead of the last batched write) or else the database, and costs that:
 * nothing when no job ever started it, the usage its earlier turns reported when it waits for an
 * approval, else its tokens counted by Hotline (`estimated`, as a cut stream reports none). Its budget
 * reservation is settled to that cost, so nothing it held stays spent. False when something else ended
 * it first.
 */
export async function endWithoutJob(
  deps: EndWithoutJobDeps,
  reply: MessageRow,
  ending: Pick<Ending, 'status' | 'error' | 'finishReason' | 'completedAt'>,
  options: { onlyIfUnclaimed?: boolean } = {},
): Promise<boolean> {
  const logged = await replyInLog(deps.eventLog, reply.id);
  const stored = new ReplyTranscript(partsOfRow(reply));
  const kept = logged.length > stored.length ? logged : stored;
  const turns = reply.started_at === null ? [nothingSent] : reply.status === 'awaiting_approval' ? [storedUsageOf(reply)] : [];
  const prompt = { system: null, messages: conversationFor(await deps.messages.listForChat(reply.chat_id), reply) };
  const { cost, tokens } = await costOfReply(deps.prices, reply.model, turns, prompt, { content: kept.content, parts: kept.storedParts });
  return endReply(
    deps,
    reply.id,
    {
      ...ending,
      content: kept.content,
      parts: kept.storedParts,
      usage: reply.status === 'awaiting_approval' ? storedUsageOf(reply) : emptyUsage,
      cost,
      countedTokens: tokens,
      firstTokenMs: reply.first_token_ms,
      durationMs: null,
    },
    { logged: logged.length, ...options },
  );
}

/** A reply no job started was never sent to its model. */
const nothingSent = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, cacheWriteTokens: 0 };

/**
 * The reply a log holds, up to any stretch it lost: it can be ahead of the last batched write to the
 * database. Read by position, as a subscriber does: a log written again (re-seeded) repeats what it had.
 */
async function replyInLog(eventLog: EventLog, replyId: string): Promise<ReplyTranscript> {
  const transcript = new ReplyTranscript();
  let cursor: string | null = null;
  for (;;) {
    const entries = await eventLog.read(replyId, cursor, 1000);
    for (const entry of entries) if (!transcript.place(entry.event)) return transcript;
    if (entries.length < 1000) return transcript;
    cursor = entries.at(-1)!.offset;
  }
}
