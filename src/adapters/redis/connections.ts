import { Redis } from 'ioredis';

/**
 * Redis connections of one process. Commands share one connection; pub/sub needs its own (a subscribed
 * connection can do nothing else); BullMQ makes its own from the same options. ioredis reconnects on its
 * own and re-subscribes, so a Redis restart heals without restarting Hotline.
 */
export class RedisConnections {
  readonly commands: Redis;
  readonly subscriber: Redis;

  constructor(readonly url: string) {
    this.commands = new Redis(url, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null });
    // Errors are retried by ioredis; an unhandled 'error' event would crash the process instead.
    for (const client of [this.commands, this.subscriber]) client.on('error', () => {});
  }

  /**
   * A connection for BullMQ. Its worker's blocking commands need `maxRetriesPerRequest: null`; the
   * producer's must not have it, or an enqueue while Redis is down would wait for as long as it is down
   * instead of failing (the request then answers 503).
   */
  forQueue(options: { blocking: boolean }): Redis {
    const client = new Redis(this.url, { maxRetriesPerRequest: options.blocking ? null : 3 });
    client.on('error', () => {});
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([this.commands.quit().catch(() => {}), this.subscriber.quit().catch(() => {})]);
  }
}
