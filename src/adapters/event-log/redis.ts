import type { Redis } from 'ioredis';
import type { Appended, EventLog, LogEntry } from '../../streams/event-log.ts';
import { replyEventSchema, type ReplyEvent } from '../../streams/reply-events.ts';
import type { ChannelHub } from '../redis/channel-hub.ts';
import { publishedEntries } from './redis-append.ts';
import { RedisAppendBatches } from './redis-append-batches.ts';

const keyOf = (replyId: string) => `hotline:log:${replyId}`;
// The append script publishes on the stream's own name.
const channelOf = keyOf;
// A log whose job died before ending it must not stay in Redis forever; the stale sweep normally ends it first.
const orphanTtlMs = 24 * 60 * 60_000;

/**
 * The scale-out event log: one Redis Stream per reply, shared by every process. The stream entry id is
 * the offset. Appends go out in one script call per round trip for all the process's replies
 * (`RedisAppendBatches`), which adds the entries and publishes them on the reply's channel with the id
 * they follow: a watcher at the tail takes them from the message with no read, and one whose cursor is
 * elsewhere (it missed a message, or was busy) reads with XRANGE from its own offset. A message lost
 * while Redis reconnects is made up by the hub's wake-up after it, or the follower's next keep-alive.
 */
export class RedisEventLog implements EventLog {
  private readonly orphanGuarded = new Set<string>();
  private readonly batches: RedisAppendBatches;
  /** The last message decoded: the hub hands the same message to every watcher of the reply in turn. */
  private decoded: { message: string; entries: Appended[] | undefined } | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly hub: ChannelHub,
  ) {
    this.batches = new RedisAppendBatches(redis, orphanTtlMs);
  }

  async append(replyId: string, event: ReplyEvent): Promise<string> {
    return (await this.appendEvents(replyId, [event], true))!;
  }

  async appendAll(replyId: string, events: ReplyEvent[], options: { create: boolean }): Promise<boolean> {
    if (events.length === 0) return true;
    return (await this.appendEvents(replyId, events, options.create)) !== null;
  }

  private async appendEvents(replyId: string, events: ReplyEvent[], create: boolean): Promise<string | null> {
    // A log created again (after Redis lost it) needs its guard again.
    const guard = create || !this.orphanGuarded.has(replyId);
    const lastId = await this.batches.append({ key: keyOf(replyId), events: events.map((e) => JSON.stringify(e)), create, guard });
    if (lastId !== null && guard) this.orphanGuarded.add(replyId);
    return lastId;
  }

  async read(replyId: string, after: string | null, limit: number): Promise<LogEntry[]> {
    const rows = await this.redis.xrange(keyOf(replyId), after === null ? '-' : `(${after}`, '+', 'COUNT', limit);
    return rows.map(([offset, fields]) => ({ offset, event: replyEventSchema.parse(JSON.parse(fields[1]!)) }));
  }

  watch(replyId: string, onAppend: (appended?: Appended) => void): Promise<() => void> {
    return this.hub.listen(channelOf(replyId), (message) => {
      const entries = this.entriesOf(message);
      if (!entries) return onAppend();
      for (const appended of entries) onAppend(appended);
    });
  }

  private entriesOf(message: string): Appended[] | undefined {
    if (this.decoded?.message !== message) this.decoded = { message, entries: publishedEntries(message) };
    return this.decoded.entries;
  }

  async expire(replyId: string, retentionMs: number): Promise<void> {
    this.orphanGuarded.delete(replyId);
    await this.redis.pexpire(keyOf(replyId), Math.max(1, retentionMs));
  }

  async close(): Promise<void> {
    this.orphanGuarded.clear();
  }
}
