import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationJob, JobQueue } from '../../src/jobs/job-queue.ts';
import { QueueClosed } from '../../src/jobs/queue-closed.ts';

let unique = 0;
const newJob = (): GenerationJob => ({ messageId: `job-${process.pid}-${Date.now()}-${++unique}` });

/**
 * A worker whose jobs run until the test lets each of them finish, so what is running and what waits is
 * known at every step (no timing decides it).
 */
class GatedWorker {
  readonly started: string[] = [];
  readonly finished: string[] = [];
  running = 0;
  mostAtOnce = 0;
  private readonly gates = new Map<string, () => void>();

  constructor(private readonly failing = new Set<string>()) {}

  readonly handler = async ({ messageId }: GenerationJob): Promise<void> => {
    this.started.push(messageId);
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.running);
    try {
      await new Promise<void>((resolve) => this.gates.set(messageId, resolve));
      if (this.failing.has(messageId)) throw new Error(`job ${messageId} failed`);
    } finally {
      this.running--;
      this.finished.push(messageId);
    }
  };

  /** Lets a job finish once it has started. */
  async finish(job: GenerationJob): Promise<void> {
    await expect.poll(() => this.gates.has(job.messageId), { timeout: 10_000 }).toBe(true);
    this.gates.get(job.messageId)!();
  }

  async startedAll(jobs: GenerationJob[]): Promise<void> {
    await expect.poll(() => jobs.every((job) => this.started.includes(job.messageId)), { timeout: 10_000 }).toBe(true);
  }

  async finishedAll(jobs: GenerationJob[]): Promise<void> {
    await expect.poll(() => jobs.every((job) => this.finished.includes(job.messageId)), { timeout: 10_000 }).toBe(true);
  }
}

export interface JobQueueTraits {
  /** Whether `enqueue` tells the place in line; a queue that cannot tell says 0 (BullMQ: a web process cannot). */
  tellsPlace: boolean;
}

/**
 * What every JobQueue must do, as its callers rely on it: the reply's start (place in line, the queue
 * limit read from `waiting()`), the worker (`process` with the configured concurrency) and the graceful
 * stop (`close`). Run by the in-memory and the BullMQ implementation alike; `makeQueue` gives a queue of
 * its own (BullMQ: its own queue name), and every queue made is closed after each test.
 */
export function jobQueueContract(name: string, makeQueue: (concurrency: number) => JobQueue, traits: JobQueueTraits): void {
  describe(`${name} job queue (contract)`, () => {
    const made: JobQueue[] = [];
    const queueOf = (concurrency: number) => {
      const queue = makeQueue(concurrency);
      made.push(queue);
      return queue;
    };
    afterEach(async () => {
      await Promise.all(made.splice(0).map((queue) => queue.close()));
    });

    it('runs every job once, in the order enqueued', async () => {
      const queue = queueOf(1);
      const worker = new GatedWorker();
      queue.process(worker.handler);
      const jobs = [newJob(), newJob(), newJob()];
      for (const job of jobs) await queue.enqueue(job);
      for (const job of jobs) await worker.finish(job);
      await worker.finishedAll(jobs);
      expect(worker.started).toEqual(jobs.map((job) => job.messageId));
    });

    it('runs a message’s next job though its earlier job is still finishing (the turn after an approval)', async () => {
      const queue = queueOf(1);
      const runs: string[] = [];
      let finishFirst: () => void = () => {};
      queue.process(async ({ messageId }) => {
        runs.push(messageId);
        if (runs.length === 1) await new Promise<void>((resolve) => (finishFirst = resolve));
      });
      const job = newJob();
      await queue.enqueue(job);
      await expect.poll(() => runs.length, { timeout: 10_000 }).toBe(1);
      await queue.enqueue(job);
      finishFirst();
      await expect.poll(() => runs, { timeout: 10_000 }).toEqual([job.messageId, job.messageId]);
    });

    it('hands the worker the trace context the job was enqueued with', async () => {
      const queue = queueOf(1);
      const received: GenerationJob[] = [];
      queue.process(async (job) => void received.push(job));
      const trace = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=value' };
      const [traced, untraced] = [{ ...newJob(), trace }, newJob()];
      await queue.enqueue(traced);
      await queue.enqueue(untraced);
      await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
      expect(received.find((job) => job.messageId === traced.messageId)).toEqual(traced);
      expect(received.find((job) => job.messageId === untraced.messageId)!.trace).toBeUndefined();
    });

    it('tells the place in line: 0 when a worker starts the job at once', async () => {
      const queue = queueOf(1);
      const worker = new GatedWorker();
      queue.process(worker.handler);
      const [first, second, third] = [newJob(), newJob(), newJob()];
      expect(await queue.enqueue(first)).toBe(0);
      await worker.startedAll([first]);
      const places = [await queue.enqueue(second), await queue.enqueue(third)];
      expect(places).toEqual(traits.tellsPlace ? [1, 2] : [0, 0]);
      for (const job of [first, second, third]) await worker.finish(job);
      await worker.finishedAll([first, second, third]);
    });

    it('counts as waiting the jobs not yet started, and only those', async () => {
      const queue = queueOf(1);
      const worker = new GatedWorker();
      queue.process(worker.handler);
      expect(await queue.waiting()).toBe(0);
      const [first, second, third] = [newJob(), newJob(), newJob()];
      await queue.enqueue(first);
      await worker.startedAll([first]);
      expect(await queue.waiting()).toBe(0);
      await queue.enqueue(second);
      await queue.enqueue(third);
      expect(await queue.waiting()).toBe(2);
      await worker.finish(first);
      await worker.startedAll([second]);
      expect(await queue.waiting()).toBe(1);
      await worker.finish(second);
      await worker.finish(third);
      await worker.finishedAll([third]);
      expect(await queue.waiting()).toBe(0);
    });

    it('keeps jobs enqueued before a worker takes them, and runs them once one does', async () => {
      const queue = queueOf(2);
      const jobs = [newJob(), newJob()];
      for (const job of jobs) await queue.enqueue(job);
      expect(await queue.waiting()).toBe(2);
      const worker = new GatedWorker();
      queue.process(worker.handler);
      await worker.startedAll(jobs);
      expect(await queue.waiting()).toBe(0);
      for (const job of jobs) await worker.finish(job);
      await worker.finishedAll(jobs);
      expect(worker.started.sort()).toEqual(jobs.map((job) => job.messageId).sort());
    });

    it('runs as many jobs at once as its concurrency, never more', async () => {
      const queue = queueOf(2);
      const worker = new GatedWorker();
      queue.process(worker.handler);
      const jobs = [newJob(), newJob(), newJob(), newJob(), newJob()];
      for (const job of jobs) await queue.enqueue(job);
      await worker.startedAll(jobs.slice(0, 2));
      expect(await queue.waiting()).toBe(3);
      // Each finished job frees one slot, taken by the next in line.
      for (const [i, job] of jobs.entries()) {
        await worker.finish(job);
        await worker.startedAll(jobs.slice(0, Math.min(i + 3, jobs.length)));
      }
      await worker.finishedAll(jobs);
      expect(worker.mostAtOnce).toBe(2);
    });

    it('goes on after a failing job, and never runs that job again', async () => {
      const queue = queueOf(1);
      const [bad, good] = [newJob(), newJob()];
      const worker = new GatedWorker(new Set([bad.messageId]));
      queue.process(worker.handler);
      await queue.enqueue(bad);
      await queue.enqueue(good);
      await worker.finish(bad);
      await worker.finish(good);
      await worker.finishedAll([good]);
      // Had the failed job been retried, it would have been back in line before `good`, which ran after it.
      expect(worker.started).toEqual([bad.messageId, good.messageId]);
      expect(await queue.waiting()).toBe(0);
    });

    it('closes once its running jobs have finished, and starts none of the waiting ones', async () => {
      const queue = queueOf(1);
      const worker = new GatedWorker();
      queue.process(worker.handler);
      const [running, waiting] = [newJob(), newJob()];
      await queue.enqueue(running);
      await worker.startedAll([running]);
      await queue.enqueue(waiting);
      let finishedWhenClosed: string[] | undefined;
      const closing = queue.close().then(() => (finishedWhenClosed = [...worker.finished]));
      // The running job ends well after close() was called: a close that did not wait would resolve first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(finishedWhenClosed).toBeUndefined();
      await worker.finish(running);
      await closing;
      expect(finishedWhenClosed).toEqual([running.messageId]);
      expect(worker.started).toEqual([running.messageId]);
    });

    it('refuses new jobs once closed', async () => {
      const idle = queueOf(1);
      await idle.close();
      await expect(idle.enqueue(newJob())).rejects.toBeInstanceOf(QueueClosed);
      const working = queueOf(1);
      const worker = new GatedWorker();
      working.process(worker.handler);
      await working.close();
      await expect(working.enqueue(newJob())).rejects.toBeInstanceOf(QueueClosed);
      expect(worker.started).toEqual([]);
    });
  });
}
