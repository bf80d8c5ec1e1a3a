import type { Config } from '../config.ts';
import { RedisEventLog } from './event-log/redis.ts';
import { RedisRateCounter } from './rate-counter/redis.ts';
import { RedisReplyLeases } from './leases/redis.ts';
import { BullJobQueue } from './queue/bullmq.ts';
import { ChannelHub } from './redis/channel-hub.ts';
import { RedisConnections } from './redis/connections.ts';
import { RedisStopSignals } from './stop-signals/redis.ts';
import { RedisSubscriptionSlots } from './subscriptions/redis.ts';

/**
 * The scale-out mode's adapters, all on one Redis. In a module of its own so that `createHotline` loads
 * ioredis and BullMQ only when REDIS_URL is set.
 */
export function redisAdapters(config: Config, url: string) {
  const redis = new RedisConnections(url);
  const hub = new ChannelHub(redis.subscriber);
  return {
    redis,
    adapters: {
      eventLog: new RedisEventLog(redis.commands, hub),
      rateCounter: new RedisRateCounter(redis.commands),
      queue: new BullJobQueue(redis, config.generation.concurrency),
      stopSignals: new RedisStopSignals(redis.commands, hub),
      leases: new RedisReplyLeases(redis.commands),
      subscriptions: new RedisSubscriptionSlots(redis.commands),
    },
  };
}
