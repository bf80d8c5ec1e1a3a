import type { Redis } from 'ioredis';
import type { EventLog, LogEntry } from '../../streams/event-log.ts';
import { replyEventSchema, type ReplyEvent } from '../../streams/reply-events.ts';
import type { ChannelHub } from '../redis/channel-hub.ts';

const keyOf = (replyId: string) => `hotline:log:${replyId}`;
const channelOf = (replyId: string) => `hotline:log:${replyId}`;
// A log whose job died before ending it must not stay in Redis forever; the stale sweep normally ends it first.
const orphanTtlMs = 24 * 60 * 60_000;

/**
 * The scale-out event log: one Redis Stream per reply, shared by every process. The stream entry id is
 * the offset. The writer publishes a hint on the reply's channel in the same pipeline as its XADD, so
 * readers watch pub/sub instead of polling, and read with XRANGE from their own offset. A hint lost while
 * Redis reconnects is made up by the follower's next keep-alive, which reads before it idles.
 */
export class RedisEventLog implements EventLog {
  private readonly orphanGuarded = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly hub: ChannelHub,
  ) {}

  async append(replyId: string, event: ReplyEvent): Promise<string> {
    const pipeline = this.redis.pipeline().xadd(keyOf(replyId), '*', 'e', JSON.stringify(event)).publish(channelOf(replyId), '');
    if (!this.orphanGuarded.has(replyId)) {
      pipeline.pexpire(keyOf(replyId), orphanTtlMs);
      this.orphanGuarded.add(replyId);
    }
    const results = await pipeline.exec();
    const [error, offset] = results![0]!;
    if (error) throw error;
    return offset as string;
  }

  async appendAll(replyId: string, events: ReplyEvent[], options: { create: boolean }): Promise<boolean> {
    const key = keyOf(replyId);
    const pipeline = this.redis.pipeline();
    for (const event of events) {
      if (options.create) pipeline.xadd(key, '*', 'e', JSON.stringify(event));
      else pipeline.xadd(key, 'NOMKSTREAM', '*', 'e', JSON.stringify(event));
    }
    pipeline.publish(channelOf(replyId), '');
    // A log created again (after Redis lost it) needs its guard again.
    if (options.create || !this.orphanGuarded.has(replyId)) {
      pipeline.pexpire(key, orphanTtlMs);
      this.orphanGuarded.add(replyId);
    }
    const results = (await pipeline.exec())!;
    for (const [error] of results) if (error) throw error;
    return events.length === 0 || results[0]![1] !== null;
  }

  async read(replyId: string, after: string | null, limit: number): Promise<LogEntry[]> {
    const rows = await this.redis.xrange(keyOf(replyId), after === null ? '-' : `(${after}`, '+', 'COUNT', limit);
    return rows.map(([offset, fields]) => ({ offset, event: replyEventSchema.parse(JSON.parse(fields[1]!)) }));
  }

  watch(replyId: string, onAppend: () => void): Promise<() => void> {
    return this.hub.listen(channelOf(replyId), () => onAppend());
  }

  async expire(replyId: string, retentionMs: number): Promise<void> {
    this.orphanGuarded.delete(replyId);
    await this.redis.pexpire(keyOf(replyId), Math.max(1, retentionMs));
  }

  async close(): Promise<void> {
    this.orphanGuarded.clear();
  }
}
