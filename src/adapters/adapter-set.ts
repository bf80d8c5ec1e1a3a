import type { JobQueue } from '../jobs/job-queue.ts';
import type { ReplyLeases } from '../jobs/reply-leases.ts';
import type { StopSignals } from '../jobs/stop-signals.ts';
import type { RateCounter } from '../limits/rate-counter.ts';
import type { EventLog } from '../streams/event-log.ts';
import type { SubscriptionSlots } from '../streams/subscription-slots.ts';

/** The implementations behind every I/O boundary but the store, one set per process. */
export interface Adapters {
  eventLog: EventLog;
  rateCounter: RateCounter;
  queue: JobQueue;
  stopSignals: StopSignals;
  leases: ReplyLeases;
  subscriptions: SubscriptionSlots;
}
