/** A request to generate one assistant message. The job carries ids only: the database has the rest. */
export interface GenerationJob {
  messageId: string;
}

/**
 * Where replies wait for a worker. Enqueueing returns once the job is safely queued (not when it ran);
 * a worker process calls `process` to start taking jobs.
 */
export interface JobQueue {
  enqueue(job: GenerationJob): Promise<void>;
  process(handler: (job: GenerationJob) => Promise<void>): void;
  /** Stops taking jobs; resolves once the running ones have finished. */
  close(): Promise<void>;
}
