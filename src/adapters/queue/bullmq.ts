import { Queue, Worker } from 'bullmq';
import type { GenerationJob, JobQueue } from '../../jobs/job-queue.ts';
import type { RedisConnections } from '../redis/connections.ts';

const queueName = 'hotline-generation';

/**
 * The scale-out queue: BullMQ on Redis. Any web process enqueues; every worker process takes jobs. A job
 * is never re-run by BullMQ (a reply already streamed in part cannot start again); when its worker dies,
 * the stale sweep ends the reply instead.
 */
export class BullJobQueue implements JobQueue {
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(
    private readonly connections: RedisConnections,
    private readonly concurrency: number,
  ) {
    this.queue = new Queue(queueName, { connection: connections.forQueue({ blocking: false }) });
    this.queue.on('error', () => {});
  }

  /** Always 0: a web process cannot tell whether some worker has a free slot for the job right now. */
  async enqueue(job: GenerationJob): Promise<number> {
    await this.queue.add('generate', job, { jobId: job.messageId, removeOnComplete: true, removeOnFail: true, attempts: 1 });
    return 0;
  }

  waiting(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  process(handler: (job: GenerationJob) => Promise<void>): void {
    this.worker = new Worker(queueName, async (job) => handler(job.data as GenerationJob), {
      connection: this.connections.forQueue({ blocking: true }),
      concurrency: this.concurrency,
      maxStalledCount: 0,
    });
    this.worker.on('error', () => {});
  }

  async close(): Promise<void> {
    await this.worker?.close().catch(() => {});
    await this.queue.close().catch(() => {});
  }
}
