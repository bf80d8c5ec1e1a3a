import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubscriptionSlots } from '../../src/streams/subscription-slots.ts';

let unique = 0;
const newUserId = () => `user-${process.pid}-${Date.now()}-${++unique}`;

/**
 * What every SubscriptionSlots implementation must do. Run by each implementation's test file with its
 * own factory (memory, and Redis).
 */
export function subscriptionSlotsContract(name: string, makeSlots: () => Promise<SubscriptionSlots>): void {
  describe(`${name} subscription slots (contract)`, () => {
    let slots: SubscriptionSlots;
    beforeEach(async () => {
      slots = await makeSlots();
    });
    afterEach(async () => {
      await slots.close();
    });

    it('gives a user up to the limit of slots, and refuses the next', async () => {
      const user = newUserId();
      for (let i = 0; i < 3; i++) expect(await slots.take(user, 3)).toBeTypeOf('function');
      expect(await slots.take(user, 3)).toBeUndefined();
    });

    it('counts each user apart', async () => {
      const [one, two] = [newUserId(), newUserId()];
      expect(await slots.take(one, 1)).toBeTypeOf('function');
      expect(await slots.take(one, 1)).toBeUndefined();
      expect(await slots.take(two, 1)).toBeTypeOf('function');
    });

    it('frees a slot on release, once however often it is released', async () => {
      const user = newUserId();
      const first = (await slots.take(user, 2))!;
      await slots.take(user, 2);
      first();
      first();
      expect(await slots.take(user, 2)).toBeTypeOf('function');
      expect(await slots.take(user, 2)).toBeUndefined();
    });

    it('frees every slot when every stream ends, so the user starts again from none', async () => {
      const user = newUserId();
      const releases = await Promise.all([1, 2, 3, 4].map(() => slots.take(user, 4)));
      for (const release of releases) release!();
      const again = await Promise.all([1, 2, 3, 4, 5].map(() => slots.take(user, 4)));
      expect(again.filter(Boolean)).toHaveLength(4);
    });

    it('holds the limit when many take at once', async () => {
      const user = newUserId();
      const taken = await Promise.all(Array.from({ length: 20 }, () => slots.take(user, 7)));
      expect(taken.filter(Boolean)).toHaveLength(7);
    });
  });
}
