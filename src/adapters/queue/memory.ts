import PQueue from 'p-queue';
import type { GenerationJob, JobQueue } from '../../jobs/job-queue.ts';
import { QueueClosed } from '../../jobs/queue-closed.ts';

/** The embedded queue: jobs run in this process, at most `concurrency` at once; the rest wait in line. */
export class MemoryJobQueue implements JobQueue {
  private readonly queue: PQueue;
  private handler: ((job: GenerationJob) => Promise<void>) | undefined;
  /** Enqueued before `process` was called. */
  private readonly held: GenerationJob[] = [];
  private closed = false;

  constructor(concurrency: number) {
    this.queue = new PQueue({ concurrency });
  }

  async enqueue(job: GenerationJob): Promise<number> {
    if (this.closed) throw new QueueClosed();
    if (!this.handler) {
      this.held.push(job);
      return this.held.length;
    }
    const before = this.queue.size;
    this.run(job);
    return this.queue.size > before ? this.queue.size : 0;
  }

  async waiting(): Promise<number> {
    return this.queue.size + this.held.length;
  }

  process(handler: (job: GenerationJob) => Promise<void>): void {
    this.handler = handler;
    for (const job of this.held.splice(0)) this.run(job);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.clear();
    await this.queue.onIdle();
  }

  private run(job: GenerationJob): void {
    const handler = this.handler!;
    // The handler records its own failures on the message; nothing may escape as an unhandled rejection.
    void this.queue.add(() => handler(job)).catch(() => {});
  }
}
