import { setTimeout as sleep } from 'node:timers/promises';
import { isStorageOutage, StorageUnavailable } from '../storage-outage.ts';

const firstRetryMs = 50;
const longestRetryMs = 2_000;

/**
 * How long a generation job waits out one kind of storage (the database, or Redis) that cannot be
 * reached: a restart or a failover is a pause, not a failure. Operations that fail because the storage is
 * unreachable are tried again with backoff (50 ms, doubling up to 2 s) for as long as it has been failing
 * for less than `outageMs`; past that they throw StorageUnavailable, which ends the reply with that true
 * cause. Any success closes the outage. Other errors pass through at once.
 */
export class OutageBudget {
  private failingSince: number | undefined;

  constructor(private readonly outageMs: number) {}

  /** Runs `operation`, trying again while the storage is out and the budget lasts. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return this.succeeded(await operation());
      } catch (error) {
        this.failed(error);
        await sleep(Math.min(longestRetryMs, firstRetryMs * 2 ** attempt));
      }
    }
  }

  /** Counts one try that worked: the outage, if any, is over. */
  succeeded<T>(value: T): T {
    this.failingSince = undefined;
    return value;
  }

  /** Counts one failed try: rethrows anything but an outage, and StorageUnavailable once the budget is spent. */
  failed(error: unknown): void {
    if (!isStorageOutage(error) || error instanceof StorageUnavailable) throw error;
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.failingSince >= this.outageMs) throw new StorageUnavailable({ cause: error });
  }
}
