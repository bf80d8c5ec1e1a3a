import type { Clock } from '../clock.ts';
import type { MessageRow } from '../messages/message.ts';
import type { MessageStore } from '../messages/message-store.ts';
import type { ReplyLeases } from '../jobs/reply-leases.ts';
import type { Prices } from '../costs/prices.ts';
import type { EventLog } from '../streams/event-log.ts';
import { endWithoutJob } from '../replies/end-without-job.ts';

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

function interrupt(deps: SweepDeps, reply: MessageRow, now: number): Promise<boolean> {
  // Cut by a dead worker, the reply reported no usage: its cost is counted from its prompt and what it kept.
  return endWithoutJob(deps, reply, { status: 'failed', finishReason: null, error: interruptedMessage, completedAt: new Date(now).toISOString() });
}
