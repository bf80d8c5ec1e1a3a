import type { LogEvent } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Adapters } from './adapter-set.ts';
import type { RedisConnections } from './redis/connections.ts';
import { openStore, type Store } from './store/open-store.ts';

export interface ChosenAdapters {
  store: Store;
  adapters: Adapters;
  /** Set in the scale-out mode (REDIS_URL). */
  redis: RedisConnections | undefined;
}

/**
 * The one place where implementations are chosen, from the configuration: SQLite or PostgreSQL, memory
 * or Redis. The scale-out adapters (ioredis, BullMQ) and each database driver are loaded only when
 * configured, so an embedded start stays lean.
 */
export async function chooseAdapters(config: Config, clock: Clock, onQuery?: (event: LogEvent) => void): Promise<ChosenAdapters> {
  const store = await openStore(config.database, onQuery);
  if (config.redisUrl) {
    const { redis, adapters } = (await import('./scale-out.ts')).redisAdapters(config, config.redisUrl);
    return { store, adapters, redis };
  }
  const { embeddedAdapters } = await import('./embedded.ts');
  return { store, adapters: embeddedAdapters(config, clock), redis: undefined };
}
