import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { GenerationJob, JobQueue } from '../../jobs/job-queue.ts';
import { QueueClosed } from '../../jobs/queue-closed.ts';
import type { RedisConnections } from '../redis/connections.ts';

/**
 * The scale-out queue: BullMQ on Redis. Any web process enqueues; every worker process takes jobs. A job
 * is never re-run by BullMQ (a reply already streamed in part cannot start again); when its worker dies,
 * the stale sweep ends the reply instead.
 */
export class BullJobQueue implements JobQueue {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  /** The connections made for BullMQ: it closes only those it made itself, so these are closed here. */
  private readonly clients: Redis[] = [];
  private closed = false;

  constructor(
    private readonly connections: RedisConnections,
    private readonly concurrency: number,
    /** Another name only where several queues share one Redis (the tests). */
    private readonly name = 'hotline-generation',
  ) {
    this.queue = new Queue(name, { connection: this.connect({ blocking: false }) });
    this.queue.on('error', () => {});
  }

  /** Always 0: a web process cannot tell whether some worker has a free slot for the job right now. */
  async enqueue(job: GenerationJob): Promise<number> {
    // BullMQ's queue, once closed, would still add jobs on the connection it was lent.
    if (this.closed) throw new QueueClosed();
    // BullMQ's own job id, not the message's: a reply's next turn (after an approval) may be enqueued while its
    // earlier job is still finishing, and BullMQ drops a job whose id is taken. The message's claim keeps a
    // reply to one job at a time.
    await this.queue.add('generate', job, { removeOnComplete: true, removeOnFail: true, attempts: 1 });
    return 0;
  }

  waiting(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  process(handler: (job: GenerationJob) => Promise<void>): void {
    this.worker = new Worker(this.name, async (job) => handler(job.data as GenerationJob), {
      connection: this.connect({ blocking: true }),
      concurrency: this.concurrency,
      maxStalledCount: 0,
    });
    this.worker.on('error', () => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.close().catch(() => {});
    await this.queue.close().catch(() => {});
    await Promise.all(this.clients.map((client) => client.quit().catch(() => {})));
  }

  private connect(options: { blocking: boolean }): Redis {
    const client = this.connections.forQueue(options);
    this.clients.push(client);
    return client;
  }
}
