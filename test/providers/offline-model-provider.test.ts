import { offlineModel } from '../../src/providers/offline-model.ts';
import { modelProviderContract } from './model-provider.contract.ts';

// Paced as fast as timers allow: the pace is not what the contract is about.
modelProviderContract('offline', () => ({ provider: offlineModel(10_000), model: () => 'offline', canFail: false }));
