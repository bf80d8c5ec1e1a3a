import type { ReplyEvent } from './reply-events.ts';

/**
 * One reply's durable, ordered log: written by one generation job, read by any number of subscribers,
 * each from its own offset. Offsets are opaque strings that only the implementation compares
 * (an array index in memory, a stream entry id in Redis).
 */
export interface LogEntry {
  offset: string;
  event: ReplyEvent;
}

/** An entry just appended, with the offset it follows: a follower whose cursor is there takes it without a read. */
export interface Appended {
  after: string | null;
  entry: LogEntry;
}

export interface EventLog {
  /** Appends an event and returns its offset. */
  append(replyId: string, event: ReplyEvent): Promise<string>;
  /**
   * Appends events in order. With `create` false, only to a log that exists: resolves false, having
   * appended nothing, when there is none (it expired, or Redis lost it), so that its writer can write it
   * again from the start (`seed`) instead of continuing a log that lacks its beginning.
   */
  appendAll(replyId: string, events: ReplyEvent[], options: { create: boolean }): Promise<boolean>;
  /** Up to `limit` entries after `after` (from the start when null), in order. */
  read(replyId: string, after: string | null, limit: number): Promise<LogEntry[]>;
  /**
   * Calls `onAppend` after appends to this reply's log (possibly once for several, possibly spuriously)
   * until the returned function is called; resolves once nothing appended afterwards can be missed. A
   * log that has the entry at hand passes it (the memory log does, synchronously, inside `append`; the
   * Redis log passes what its writer published), with the offset it follows, which is always the entry
   * before it; one that only hints passes nothing, and the watcher reads. A follower holds one watch for its
   * whole life: no timer, promise or listener per entry. Never a polling loop: the writer wakes the
   * watchers. See `waitForMore` for a one-off wait.
   */
  watch(replyId: string, onAppend: (appended?: Appended) => void): Promise<() => void>;
  /** The reply has ended: its log may be dropped after `retentionMs`; readers then go to the stored message. */
  expire(replyId: string, retentionMs: number): Promise<void>;
  close(): Promise<void>;
}
