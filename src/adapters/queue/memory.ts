import PQueue from 'p-queue';
import type { GenerationJob, JobQueue } from '../../generation/job-queue.ts';

/** The embedded queue: jobs run in this process, at most `concurrency` at once. */
export class MemoryJobQueue implements JobQueue {
  private readonly queue: PQueue;
  private handler: ((job: GenerationJob) => Promise<void>) | undefined;
  private readonly waiting: GenerationJob[] = [];

  constructor(concurrency: number) {
    this.queue = new PQueue({ concurrency });
  }

  async enqueue(job: GenerationJob): Promise<void> {
    if (!this.handler) {
      this.waiting.push(job);
      return;
    }
    this.run(job);
  }

  process(handler: (job: GenerationJob) => Promise<void>): void {
    this.handler = handler;
    for (const job of this.waiting.splice(0)) this.run(job);
  }

  async close(): Promise<void> {
    this.queue.clear();
    await this.queue.onIdle();
  }

  private run(job: GenerationJob): void {
    const handler = this.handler!;
    // The handler records its own failures on the message; nothing may escape as an unhandled rejection.
    void this.queue.add(() => handler(job)).catch(() => {});
  }
}
