import type { TraceCarrier } from '../tracing/tracing.ts';

/** A request to generate one assistant message. The job carries ids only: the database has the rest. */
export interface GenerationJob {
  messageId: string;
  /** The trace context of the request that asked for the reply: the job's spans continue its trace, in whichever process runs it. */
  trace?: TraceCarrier;
}

/**
 * Where replies wait for a worker. Enqueueing returns once the job is safely queued (not when it ran),
 * with its place in line: 0 when a worker starts it at once, n when n - 1 jobs wait ahead of it (a queue
 * that cannot tell says 0). A worker process calls `process` to start taking jobs.
 */
export interface JobQueue {
  enqueue(job: GenerationJob): Promise<number>;
  /** Jobs waiting for a worker: not yet started. */
  waiting(): Promise<number>;
  process(handler: (job: GenerationJob) => Promise<void>): void;
  /** Stops taking jobs; resolves once the running ones have finished. */
  close(): Promise<void>;
}
