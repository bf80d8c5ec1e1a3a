import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { MemoryEventLog } from './event-log/memory.ts';
import { MemoryReplyLeases } from './leases/memory.ts';
import { MemoryJobQueue } from './queue/memory.ts';
import { MemoryRateCounter } from './rate-counter/memory.ts';
import { MemoryStopSignals } from './stop-signals/memory.ts';
import { MemorySubscriptionSlots } from './subscriptions/memory.ts';
import type { Adapters } from './adapter-set.ts';

/** The embedded mode's adapters: everything in this process's memory, beside its SQLite file. */
export function embeddedAdapters(config: Config, clock: Clock): Adapters {
  return {
    eventLog: new MemoryEventLog(),
    rateCounter: new MemoryRateCounter(clock),
    queue: new MemoryJobQueue(config.generation.concurrency),
    stopSignals: new MemoryStopSignals(),
    leases: new MemoryReplyLeases(),
    subscriptions: new MemorySubscriptionSlots(),
  };
}
