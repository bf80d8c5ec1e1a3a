import { MemoryJobQueue } from '../../src/adapters/queue/memory.ts';
import { jobQueueContract } from './job-queue.contract.ts';

jobQueueContract('in-memory', (concurrency) => new MemoryJobQueue(concurrency), { tellsPlace: true });
