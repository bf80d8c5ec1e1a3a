import { expect, it } from 'vitest';
import { MemoryEventLog } from '../../src/adapters/event-log/memory.ts';
import { waitForMore } from '../../src/streams/wait-for-more.ts';
import { eventLogContract } from './event-log.contract.ts';

eventLogContract('in-memory', async () => new MemoryEventLog());

it('holds no memory for a reply once its retention has passed, nor for readers that waited in vain', async () => {
  const log = new MemoryEventLog();
  await log.append('a', { type: 'delta', text: 'x' });
  await log.expire('a', 10);
  await waitForMore(log, 'never-written', null, 10);
  (await log.watch('watched-in-vain', () => {}))();
  await new Promise((r) => setTimeout(r, 50));
  expect(log.size).toBe(0);
});
