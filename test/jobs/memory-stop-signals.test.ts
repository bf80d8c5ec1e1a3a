import { MemoryStopSignals } from '../../src/adapters/stop-signals/memory.ts';
import { stopSignalsContract } from './stop-signals.contract.ts';

// One process: who presses Stop and the job share one object.
stopSignalsContract('in-memory', async () => {
  const signals = new MemoryStopSignals();
  return { requester: signals, listener: signals };
});
