/**
 * Writes a streaming reply's progress to the database in batches: at most one write per `intervalMs`,
 * and none while nothing changed, so the database sees a handful of writes per reply instead of one per
 * token. The final write is the job's ending, not a flush.
 */
export class ProgressFlusher {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private lastWriteAt: number;

  constructor(
    private readonly write: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly now: () => number,
    /** Called once when a write finds the reply no longer streaming (ended under the job). */
    private readonly onLost: () => void,
  ) {
    this.lastWriteAt = now();
  }

  changed(): void {
    this.dirty = true;
    if (this.timer || this.writing) return;
    const wait = Math.max(0, this.lastWriteAt + this.intervalMs - this.now());
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
      // A failed flush is not fatal: the next one, or the ending, writes the same content again.
      .catch(() => {})
      .finally(() => {
        this.writing = undefined;
        if (this.dirty) this.changed();
      });
  }
}
