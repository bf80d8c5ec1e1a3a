import type { Appended, EventLog, LogEntry } from '../../streams/event-log.ts';
import type { ReplyEvent } from '../../streams/reply-events.ts';

interface Log {
  entries: LogEntry[];
  watchers: Set<(appended: Appended) => void>;
  expiry?: NodeJS.Timeout;
}

/**
 * The embedded event log: an array per reply in this process's memory. The offset is the entry's index,
 * so a read from any offset is a slice, and a subscriber costs nothing until it reads.
 */
export class MemoryEventLog implements EventLog {
  private readonly logs = new Map<string, Log>();

  async append(replyId: string, event: ReplyEvent): Promise<string> {
    return this.push(replyId, event);
  }

  async appendAll(replyId: string, events: ReplyEvent[], options: { create: boolean }): Promise<boolean> {
    if (!options.create && !this.logs.get(replyId)?.entries.length) return false;
    for (const event of events) this.push(replyId, event);
    return true;
  }

  private push(replyId: string, event: ReplyEvent): string {
    const log = this.logOf(replyId);
    const after = log.entries.at(-1)?.offset ?? null;
    const entry = { offset: String(log.entries.length), event };
    log.entries.push(entry);
    // Watchers at the tail take the entry right here: delivery to them costs no read and no task.
    if (log.watchers.size > 0) {
      const appended: Appended = { after, entry };
      for (const onAppend of log.watchers) onAppend(appended);
    }
    return entry.offset;
  }

  async read(replyId: string, after: string | null, limit: number): Promise<LogEntry[]> {
    const log = this.logs.get(replyId);
    if (!log) return [];
    const start = after === null ? 0 : Number(after) + 1;
    return log.entries.slice(start, start + limit);
  }

  async watch(replyId: string, onAppend: (appended?: Appended) => void): Promise<() => void> {
    const log = this.logOf(replyId);
    // A function of its own per watch: the same callback watched twice must be unwatched twice.
    const watcher = (appended: Appended) => onAppend(appended);
    log.watchers.add(watcher);
    return () => {
      log.watchers.delete(watcher);
      this.forgetIfUnused(replyId, log);
    };
  }

  async expire(replyId: string, retentionMs: number): Promise<void> {
    const log = this.logs.get(replyId);
    if (!log) return;
    clearTimeout(log.expiry);
    log.expiry = setTimeout(() => this.logs.delete(replyId), retentionMs);
    log.expiry.unref();
  }

  async close(): Promise<void> {
    for (const log of this.logs.values()) clearTimeout(log.expiry);
    this.logs.clear();
  }

  /** How many replies' logs are held: memory is bounded by retention, and tests prove it. */
  get size(): number {
    return this.logs.size;
  }

  private logOf(replyId: string): Log {
    let log = this.logs.get(replyId);
    if (!log) {
      log = { entries: [], watchers: new Set() };
      this.logs.set(replyId, log);
    }
    return log;
  }

  /** A watch on a reply that never got a log (an unknown or long-finished reply) must not leave one behind. */
  private forgetIfUnused(replyId: string, log: Log): void {
    if (log.entries.length === 0 && log.watchers.size === 0 && this.logs.get(replyId) === log) this.logs.delete(replyId);
  }
}
