import { MemoryRateCounter } from '../../src/adapters/rate-counter/memory.ts';
import { systemClock } from '../../src/clock.ts';
import { rateCounterContract } from './rate-counter.contract.ts';

rateCounterContract('in-memory', () => new MemoryRateCounter(systemClock));
