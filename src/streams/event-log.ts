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

export interface EventLog {
  /** Appends an event and returns its offset. */
  append(replyId: string, event: ReplyEvent): Promise<string>;
  /** Up to `limit` entries after `after` (from the start when null), in order. */
  read(replyId: string, after: string | null, limit: number): Promise<LogEntry[]>;
  /**
   * Resolves true as soon as an entry after `after` exists, false after `timeoutMs` or when `signal` aborts.
   * Never a polling loop: the writer wakes the waiters.
   */
  waitForMore(replyId: string, after: string | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** The reply has ended: its log may be dropped after `retentionMs`; readers then go to the stored message. */
  expire(replyId: string, retentionMs: number): Promise<void>;
  close(): Promise<void>;
}
