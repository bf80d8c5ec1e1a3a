import type { Redis } from 'ioredis';
import type { StopSignals } from '../../jobs/stop-signals.ts';
import { missedWhileAway, type ChannelHub } from '../redis/channel-hub.ts';

const channelOf = (messageId: string) => `hotline:stop:${messageId}`;

/**
 * Stop across processes: the request is published to the reply's stop channel, which the worker running
 * the job listens to. It is also left as a short-lived flag, so a stop that arrives while the job is still
 * subscribing is not lost.
 */
export class RedisStopSignals implements StopSignals {
  constructor(
    private readonly redis: Redis,
    private readonly hub: ChannelHub,
  ) {}

  async request(messageId: string): Promise<void> {
    await this.redis.pipeline().set(channelOf(messageId), '1', 'PX', 120_000).publish(channelOf(messageId), 'stop').exec();
  }

  listen(messageId: string, onStop: () => void): () => void {
    let stopped = false;
    let unlisten: (() => void) | undefined;
    // Once unsubscribed, nothing more: the hub may still deliver until its subscription is live (its
    // listener is removed only then), and a flag check may answer after the unsubscribe.
    const hear = () => {
      if (!stopped) onStop();
    };
    // The flag tells of a stop published while this listener was not yet, or no longer, subscribed.
    const checkFlag = async () => {
      if (await this.redis.exists(channelOf(messageId))) hear();
    };
    void this.hub
      .listen(channelOf(messageId), (message) => {
        if (message !== missedWhileAway) hear();
        else checkFlag().catch(() => {});
      })
      .then(async (off) => {
        if (stopped) return off();
        unlisten = off;
        await checkFlag();
      })
      .catch(() => {});
    return () => {
      stopped = true;
      unlisten?.();
    };
  }

  async close(): Promise<void> {}
}
