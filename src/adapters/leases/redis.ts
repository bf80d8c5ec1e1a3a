import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ReplyLeases } from '../../jobs/reply-leases.ts';

const keyOf = (messageId: string) => `hotline:lease:${messageId}`;

/** Deletes a lease only while it is still this process's: the next turn of a reply may hold it on another worker by then. */
const releaseScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Renews a lease that is this process's or lapsed, never one a later turn took on another worker meanwhile. */
const renewScript = `local v = redis.call('GET', KEYS[1]) if v == false or v == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end return 0`;

/**
 * Scale-out: a lease is a Redis key with a short TTL that this process renews for all its running jobs
 * in one pipeline. A killed worker stops renewing and its leases lapse within `ttlMs`.
 */
export class RedisReplyLeases implements ReplyLeases {
  /**
   * The holds of this process's jobs, a token each: a reply held twice stays held until both release it,
   * a release counts once, and one from before `close` (the process has stopped) changes nothing.
   */
  private readonly mine = new Map<string, Set<symbol>>();
  private readonly timer: NodeJS.Timeout;

  /** Whose a lease is: unique to this process (pids repeat across machines and containers). */
  private readonly holder = randomUUID();

  /** When this process's connection last came back: leases read before a full TTL since then prove nothing. */
  private reconnectedAt = -Infinity;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.renew(), ttlMs / 3);
    this.timer.unref();
    // A Redis that restarted has forgotten every lease. Their holders put theirs back as soon as they are
    // connected again, but they may reconnect later than this process: until a full TTL has passed, a
    // missing lease may be one not yet renewed, so none counts as lapsed (the sweep waits).
    let connectedBefore = false;
    redis.on('ready', () => {
      if (connectedBefore) {
        this.reconnectedAt = Date.now();
        void this.renew();
      }
      connectedBefore = true;
    });
  }

  async hold(messageId: string): Promise<() => Promise<void>> {
    const hold = Symbol(messageId);
    let holds = this.mine.get(messageId);
    if (!holds) this.mine.set(messageId, (holds = new Set()));
    holds.add(hold);
    await this.redis.set(keyOf(messageId), this.holder, 'PX', this.ttlMs);
    return async () => {
      const current = this.mine.get(messageId);
      if (!current?.delete(hold) || current.size > 0) return;
      this.mine.delete(messageId);
      await this.redis.eval(releaseScript, 1, keyOf(messageId), this.holder).catch(() => {});
    };
  }

  async held(messageIds: string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const values = await this.redis.mget(messageIds.map(keyOf));
    // Judged once answered: a read queued while Redis was away is answered just after the reconnection.
    if (Date.now() - this.reconnectedAt < this.ttlMs) return new Set(messageIds);
    return new Set(messageIds.filter((_, i) => values[i] !== null));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.mine.clear();
  }

  private async renew(): Promise<void> {
    if (this.mine.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of this.mine.keys()) pipeline.eval(renewScript, 1, keyOf(id), this.holder, this.ttlMs);
    await pipeline.exec().catch(() => {});
  }
}
