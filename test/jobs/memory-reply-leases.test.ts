import { MemoryReplyLeases } from '../../src/adapters/leases/memory.ts';
import { replyLeasesContract } from './reply-leases.contract.ts';

// One process: the job and the sweep share one object, and a lease lives exactly as long as it is held.
replyLeasesContract('in-memory', async () => {
  const leases = new MemoryReplyLeases();
  return { holder: leases, observer: leases, lapseMs: 0 };
});
