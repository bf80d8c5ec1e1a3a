import { MemorySubscriptionSlots } from '../../src/adapters/subscriptions/memory.ts';
import { subscriptionSlotsContract } from './subscription-slots.contract.ts';

subscriptionSlotsContract('In-memory', async () => new MemorySubscriptionSlots());
