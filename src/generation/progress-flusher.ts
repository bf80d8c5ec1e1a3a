/**
 * Writes a streaming reply's progress to the database in batches: at most one write per `intervalMs`,
 * and none while nothing changed, so the database sees a handful of writes per reply instead of one per
 * token. The final write is the job's ending, not a flush.
 *
 * The first write comes a full interval after the first change plus a random part of another one
 * (uniform in [interval, 2 × interval)), and each next one an interval after the last. The random part
 * spreads replies that start together (a burst of requests, a benchmark) evenly over the interval, rather
 * than writing all together every interval for their whole lives: a window a full interval wide gives
 * uniformly spread phases, a narrower one would leave bursts that much denser. Waiting at least a full
 * interval keeps the bound of one write per interval counted from the reply's start (its claim), so no
 * write lands on its first token, and a reply shorter than the interval writes only its ending. The
 * text written later costs nothing to a reader: the event log holds every token until the ending.
 */
export class ProgressFlusher {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Undefined until the first write. */
  private lastWriteAt: number | undefined;

  constructor(
    private readonly write: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly now: () => number,
    /** Called once when a write finds the reply no longer streaming (ended under the job). */
    private readonly onLost: () => void,
    /** Uniform in [0, 1): the first write's jitter. */
    private readonly random: () => number = Math.random,
  ) {}

  changed(): void {
    this.dirty = true;
    if (this.timer || this.writing) return;
    const wait = this.lastWriteAt === undefined ? this.intervalMs * (1 + this.random()) : Math.max(0, this.lastWriteAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Stops flushing and waits for a write in progress, before the job writes the ending. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = false;
    await this.writing;
  }

  private flush(): void {
    this.timer = undefined;
    this.dirty = false;
    this.lastWriteAt = this.now();
    this.writing = this.write()
      .then((stillStreaming) => {
        if (!stillStreaming) this.onLost();
      })
      // A failed flush is not fatal: the next one, an interval later, or the ending writes the content again.
      .catch(() => {
        this.dirty = true;
      })
      .finally(() => {
        this.writing = undefined;
        if (this.dirty) this.changed();
      });
  }
}
