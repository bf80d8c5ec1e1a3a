import type { EventLog } from '../streams/event-log.ts';
import type { Ending, MessageStore } from '../messages/message-store.ts';
import type { ReplyEvent } from '../streams/reply-events.ts';
import { endOfParts, eventsAfter, partsOfRow } from '../streams/reply-parts.ts';
import { seedEvents } from '../streams/reply-seed.ts';
import { terminalEventOf } from '../streams/terminal-event.ts';

export interface EndReplyDeps {
  messages: MessageStore;
  eventLog: EventLog;
  retentionMs: number;
  /**
   * How each storage is tried: the generation job waits out an outage of either (its OutageBudget); a
   * request (Stop, the sweep) tries once.
   */
  budgets?: { database: StorageAttempts; log: StorageAttempts };
  /** Given, an ending with a priced cost settles the reply's budget reservation to that cost. */
  spending?: { settle(messageId: string, usd: number): Promise<void> };
}

/** Runs an operation against one storage, trying it again as its policy says. */
export interface StorageAttempts {
  run<T>(operation: () => Promise<T>): Promise<T>;
}

const once: StorageAttempts = { run: <T>(operation: () => Promise<T>) => operation() };

/**
 * Ends a streaming reply: the database first (so a client that sees `done` and then reads the message
 * finds it finished), then the terminal event, then the log's expiry. Whoever ends it first wins;
 * the others get false and append nothing, so every subscriber sees exactly one ending.
 */
export async function endReply(
  deps: EndReplyDeps,
  messageId: string,
  ending: Ending,
  options: { onlyIfUnclaimed?: boolean; logged?: number } = {},
): Promise<boolean> {
  const database = deps.budgets?.database ?? once;
  const log = deps.budgets?.log ?? once;
  let tries = 0;
  let won = await database.run(() => (tries++, deps.messages.end(messageId, ending, options.onlyIfUnclaimed)));
  // A write that went through before its connection broke is refused when tried again: it may be ours.
  if (!won && tries > 1) won = await database.run(() => endedWith(deps.messages, messageId, ending));
  if (!won) return false;
  const { spending } = deps;
  // A reply without a price reserved nothing (costs/reply-budget.ts): only a priced one has anything to settle.
  const usd = ending.cost?.usd;
  if (spending && usd !== undefined) await database.run(() => spending.settle(messageId, usd));
  // A log that lost some of the reply (an in-memory log after a crash, appends that never got through) is
  // topped up first: whoever reads the log must assemble exactly the stored parts. Only the winner may do it.
  const parts = ending.parts ?? partsOfRow({ parts: null, content: ending.content });
  const events: ReplyEvent[] = [];
  const logged = options.logged;
  if (logged !== undefined && endOfParts(parts) > logged) events.push(...eventsAfter(parts, logged));
  events.push(terminalEventOf(ending));
  await log.run(async () => {
    if (await deps.eventLog.appendAll(messageId, events, { create: false })) return;
    // No log (none was written, or Redis lost it): one from the start, so that its readers get the whole reply.
    const reply = { parts, thinking: ending.thinking ?? [], sources: ending.sources ?? null };
    await deps.eventLog.appendAll(messageId, [...seedEvents(reply), terminalEventOf(ending)], { create: true });
  });
  await log.run(() => deps.eventLog.expire(messageId, deps.retentionMs));
  return true;
}

async function endedWith(messages: MessageStore, messageId: string, ending: Ending): Promise<boolean> {
  const row = await messages.findById(messageId);
  return row?.status === ending.status && row.completed_at === ending.completedAt;
}
