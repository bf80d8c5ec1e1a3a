import type { Clock } from '../clock.ts';
import type { MessageRow } from '../messages/message.ts';
import type { MessageStore } from '../messages/message-store.ts';
import type { EventLog } from '../streams/event-log.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { partsOfRow, ReplyTranscript } from '../streams/reply-parts.ts';
import { endReply } from '../replies/end-reply.ts';
import type { ReplyLeases } from '../jobs/reply-leases.ts';
import type { Prices } from '../costs/prices.ts';
import { costOfReply } from '../costs/reply-costing.ts';
import { conversationFor } from './conversation.ts';

export interface SweepDeps {
  messages: MessageStore;
  eventLog: EventLog;
  leases: ReplyLeases;
  clock: Clock;
  staleAfterMs: number;
  retentionMs: number;
  prices: Prices;
  spending: { settle(messageId: string, usd: number): Promise<void> };
}

export const interruptedMessage = 'The reply was interrupted before it finished.';

/**
 * Ends the replies whose job is gone: a reply claimed by a job whose lease has lapsed (its process died),
 * or a reply no job took within `staleAfterMs` (its queue was lost). They end `failed` ("interrupted"),
 * keeping every token that reached their log, and their subscribers get the `error` event.
 * Any process may sweep; the conditional ending lets exactly one of them end each reply.
 */
export async function sweepStaleReplies(deps: SweepDeps): Promise<number> {
  const now = deps.clock.now();
  const claimed = await deps.messages.claimedStreaming();
  const alive = await deps.leases.held(claimed.map((m) => m.id));
  const lost = [...claimed.filter((m) => !alive.has(m.id)), ...(await deps.messages.unclaimedSince(new Date(now - deps.staleAfterMs).toISOString()))];
  let ended = 0;
  for (const reply of lost) if (await interrupt(deps, reply, now)) ended++;
  return ended;
}

async function interrupt(deps: SweepDeps, reply: MessageRow, now: number): Promise<boolean> {
  const logged = await replyInLog(deps.eventLog, reply.id);
  const stored = new ReplyTranscript(partsOfRow(reply));
  const kept = logged.length > stored.length ? logged : stored;
  // Cut by a dead worker, the reply reported no usage: its cost is counted from its prompt and what it kept.
  const prompt = { system: null, messages: conversationFor(await deps.messages.listForChat(reply.chat_id), reply) };
  const { cost, tokens } = await costOfReply(deps.prices, reply.model, [], prompt, { content: kept.content, parts: kept.storedParts });
  return endReply(
    deps,
    reply.id,
    {
      status: 'failed',
      content: kept.content,
      parts: kept.storedParts,
      finishReason: null,
      error: interruptedMessage,
      usage: emptyUsage,
      cost,
      countedTokens: tokens,
      firstTokenMs: reply.first_token_ms,
      durationMs: null,
      completedAt: new Date(now).toISOString(),
    },
    { logged: logged.length },
  );
}

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
