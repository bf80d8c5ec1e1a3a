import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../../src/adapters/queue/bullmq.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import type { GenerationJob } from '../../src/jobs/job-queue.ts';
import { redisUp, redisUrl } from '../support/services.ts';
import { jobQueueContract } from './job-queue.contract.ts';

// Each queue has a name of its own, so test files running at once (and a Hotline under test) never
// take each other's jobs; every queue's keys are removed at the end.
let unique = 0;
const names: string[] = [];
const newName = () => {
  const name = `test-queue-${process.pid}-${Date.now()}-${++unique}`;
  names.push(name);
  return name;
};

const opened: RedisConnections[] = [];
const connect = () => {
  const connections = new RedisConnections(redisUrl);
  opened.push(connections);
  return connections;
};

afterAll(async () => {
  for (const name of names) {
    const queue = new Queue(name, { connection: { url: redisUrl } });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  for (const connections of opened) await connections.close();
});

describe.runIf(redisUp)('BullMQ', () => {
  jobQueueContract('BullMQ', (concurrency) => new BullJobQueue(connect(), concurrency, newName()), { tellsPlace: false });

  it('takes jobs enqueued by another process, which counts them as waiting until a worker starts them', async () => {
    const name = newName();
    const web = new BullJobQueue(connect(), 1, name);
    const worker = new BullJobQueue(connect(), 1, name);
    const job = { messageId: `job-${process.pid}-${Date.now()}` };
    await web.enqueue(job);
    expect(await web.waiting()).toBe(1);
    const ran: GenerationJob[] = [];
    worker.process(async (taken) => void ran.push(taken));
    await expect.poll(() => ran, { timeout: 10_000 }).toEqual([job]);
    expect(await web.waiting()).toBe(0);
    await Promise.all([web.close(), worker.close()]);
  });
});
