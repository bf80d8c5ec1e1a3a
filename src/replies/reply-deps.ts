import type { Clock } from '../clock.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { StopSignals } from '../jobs/stop-signals.ts';
import type { IdGenerator } from '../ids.ts';
import type { MessageStore } from '../messages/message-store.ts';
import type { FileDeps } from '../messages/message-files.ts';
import type { EventLog } from '../streams/event-log.ts';
import type { Tracing } from '../tracing/tracing.ts';
import type { Prices } from '../costs/prices.ts';
import type { CancelReplyDeps } from './cancel-reply.ts';

/** What starting, stopping and cancelling a reply need: a narrow view the process's container satisfies. */
export interface ReplyDeps extends FileDeps {
  messages: MessageStore;
  /** Only to find a user's chat: replies know a chat by its id and model, nothing more. */
  chats: { find(userId: string, chatId: string): Promise<{ id: string; model: string } | undefined> };
  eventLog: EventLog;
  queue: JobQueue;
  stopSignals: StopSignals;
  clock: Clock;
  newId: IdGenerator;
  /** The caller's trace, which the reply's job continues. */
  tracing: Pick<Tracing, 'carrier'>;
  /**
   * Whether a user has spent this month's budget (at `now`, an ISO time): no reply of theirs may start;
   * the ledger settles what a reply ended without its job held of it.
   */
  budgets: { exhausted(userId: string, now: string): Promise<boolean>; ledger: { settle(messageId: string, usd: number): Promise<void> } };
  /** Costs what a reply ended without its job had written. */
  prices: Prices;
  config: {
    generation: { queueLimit: number };
    rateLimits: { enabled: boolean; streamsPerUser: number };
    streams: { retentionMs: number };
    limits: { maxContentBytes: number; maxAttachmentBytes: number };
    textOnlyModels: string[];
  };
}

export const cancelDeps = (deps: Pick<ReplyDeps, 'messages' | 'eventLog' | 'stopSignals' | 'config' | 'budgets' | 'prices'>): CancelReplyDeps => ({
  messages: deps.messages,
  eventLog: deps.eventLog,
  stopSignals: deps.stopSignals,
  retentionMs: deps.config.streams.retentionMs,
  prices: deps.prices,
  spending: deps.budgets.ledger,
});
