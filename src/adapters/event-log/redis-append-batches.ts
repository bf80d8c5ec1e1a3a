import type { Redis } from 'ioredis';
import { appendArguments, appendScript, type AppendSection } from './redis-append.ts';

interface Pending {
  section: AppendSection;
  resolve: (lastId: string | null) => void;
  reject: (error: unknown) => void;
}

type AppendCommand = (numberOfKeys: number, ...args: string[]) => Promise<Array<string | null>>;

/**
 * Gathers the appends of every reply in the process into one script call per round trip. One call is in
 * flight at a time: what is appended meanwhile goes out together when it returns, so the more replies
 * stream, the more each round trip carries, and Redis and the process pay per round trip rather than per
 * token. When none is in flight, a call waits for the end of the event loop's turn, to take along the
 * appends of every provider response read in that turn.
 */
export class RedisAppendBatches {
  private queue: Pending[] = [];
  private inFlight = false;
  private scheduled = false;
  private readonly command: AppendCommand;

  constructor(
    redis: Redis,
    private readonly orphanTtlMs: number,
  ) {
    redis.defineCommand('hotlineAppend', { lua: appendScript });
    const command = (redis as unknown as { hotlineAppend: AppendCommand }).hotlineAppend;
    this.command = command.bind(redis);
  }

  /** Resolves with the last id appended, or null when the stream did not exist and was not to be created. */
  append(section: AppendSection): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ section, resolve, reject });
      if (this.inFlight || this.scheduled) return;
      this.scheduled = true;
      setImmediate(this.send);
    });
  }

  private readonly send = (): void => {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = true;
    const sections = batch.map((p) => p.section);
    this.command(sections.length, ...appendArguments(sections, this.orphanTtlMs))
      .then(
        (ids) => batch.forEach((p, i) => p.resolve(ids[i] ?? null)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.inFlight = false;
        // These have waited a round trip already: they go at once.
        this.send();
      });
  };
}
