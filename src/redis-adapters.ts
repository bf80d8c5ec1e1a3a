import { RedisEventLog } from './adapters/event-log/redis.ts';
import { RedisReplyLeases } from './adapters/leases/redis.ts';
import { BullJobQueue } from './adapters/queue/bullmq.ts';
import { ChannelHub } from './adapters/redis/channel-hub.ts';
import { RedisConnections } from './adapters/redis/connections.ts';
import { RedisStopSignals } from './adapters/stop-signals/redis.ts';
import type { Config } from './config.ts';
import type { Adapters } from './hotline.ts';

/**
 * The scale-out mode's adapters, all on one Redis. In a module of its own so that `createHotline` loads
 * ioredis and BullMQ only when REDIS_URL is set.
 */
export function redisAdapters(config: Config, url: string): { redis: RedisConnections; adapters: Adapters } {
  const redis = new RedisConnections(url);
  const hub = new ChannelHub(redis.subscriber);
  return {
    redis,
    adapters: {
      eventLog: new RedisEventLog(redis.commands, hub),
      queue: new BullJobQueue(redis, config.generation.concurrency),
      stopSignals: new RedisStopSignals(redis.commands, hub),
      leases: new RedisReplyLeases(redis.commands),
    },
  };
}
