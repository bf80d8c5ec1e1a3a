import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SubscriptionSlots } from '../../streams/subscription-slots.ts';

const keyOf = (userId: string) => `hotline:subscriptions:${userId}`;

/** Redis's own clock in ms, so that processes on different machines agree on when a lease lapses. */
const now = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
-- The user's key lives exactly as long as its latest lease.
local function expireWithLastLease()
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
  if last then redis.call('PEXPIREAT', KEYS[1], last) end
end`;

/** KEYS[1] the user's leases; ARGV: ttl, limit, lease. Drops lapsed leases, then takes one if one is free. */
const takeScript = `${now}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
expireWithLastLease()
return 1`;

/** KEYS[1] the user's leases; ARGV: ttl, leases. XX: a lease released meanwhile stays released. */
const renewScript = `${now}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + ttl, ARGV[i]) end
expireWithLastLease()
return 0`;

/**
 * Scale-out: each open stream is a lease in a sorted set per user, scored by when it lapses. This process
 * renews its own leases every third of `ttlMs`, one command per user. A process that dies (or loses Redis)
 * renews nothing, so its leases lapse within `ttlMs` and are dropped by the next take: nothing leaks.
 * A release removes the lease at once; one lost on the way still lapses, as it is no longer renewed.
 */
export class RedisSubscriptionSlots implements SubscriptionSlots {
  private readonly processId = randomUUID();
  private sequence = 0;
  /** This process's live leases, by user. */
  private readonly mine = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.renew(), ttlMs / 3);
    this.timer.unref();
  }

  async take(userId: string, limit: number): Promise<(() => void) | undefined> {
    const lease = `${this.processId}:${++this.sequence}`;
    const taken = await this.redis.eval(takeScript, 1, keyOf(userId), this.ttlMs, limit, lease);
    if (taken !== 1) return undefined;
    const leases = this.mine.get(userId) ?? new Set<string>();
    this.mine.set(userId, leases.add(lease));
    return () => {
      if (!leases.delete(lease)) return;
      if (leases.size === 0 && this.mine.get(userId) === leases) this.mine.delete(userId);
      this.redis.zrem(keyOf(userId), lease).catch(() => {});
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    if (this.mine.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [userId, leases] of this.mine) pipeline.eval(renewScript, 1, keyOf(userId), this.ttlMs, ...leases);
    await pipeline.exec().catch(() => {});
  }
}
