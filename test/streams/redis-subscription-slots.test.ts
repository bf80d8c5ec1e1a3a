import { afterAll, describe, expect, it } from 'vitest';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { RedisSubscriptionSlots } from '../../src/adapters/subscriptions/redis.ts';
import { redisUp, redisUrl } from '../support/services.ts';
import { subscriptionSlotsContract } from './subscription-slots.contract.ts';

const opened: RedisConnections[] = [];
const connect = () => {
  const connections = new RedisConnections(redisUrl);
  opened.push(connections);
  return connections;
};
afterAll(async () => {
  for (const connections of opened) await connections.close();
});

describe.runIf(redisUp)('Redis', () => {
  subscriptionSlotsContract('Redis', async () => new RedisSubscriptionSlots(connect().commands));

  const user = () => `user-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

  it('holds one limit across processes: slots taken by one are missing for the other', async () => {
    const [one, two] = [new RedisSubscriptionSlots(connect().commands), new RedisSubscriptionSlots(connect().commands)];
    const id = user();
    const release = (await one.take(id, 3))!;
    await one.take(id, 3);
    expect(await two.take(id, 3)).toBeTypeOf('function');
    expect(await two.take(id, 3)).toBeUndefined();
    expect(await one.take(id, 3)).toBeUndefined();
    release();
    // The release is sent without waiting; the other process sees it as soon as it lands.
    await expect.poll(async () => (await two.take(id, 3)) !== undefined).toBe(true);
    await Promise.all([one.close(), two.close()]);
  });

  it("keeps a live process's slots past their lease, renewing them", async () => {
    const slots = new RedisSubscriptionSlots(connect().commands, 300);
    const other = new RedisSubscriptionSlots(connect().commands, 300);
    const id = user();
    await slots.take(id, 1);
    const redis = connect().commands;
    const firstExpiry = Number((await redis.zrange(`hotline:subscriptions:${id}`, 0, 0, 'WITHSCORES'))[1]);
    // Renewed: the lease's expiry moves on, past the first one, and the slot is never free meanwhile.
    await expect
      .poll(async () => Number((await redis.zrange(`hotline:subscriptions:${id}`, 0, 0, 'WITHSCORES'))[1] ?? 0), { timeout: 5_000 })
      .toBeGreaterThan(firstExpiry + 300);
    expect(await other.take(id, 1)).toBeUndefined();
    await Promise.all([slots.close(), other.close()]);
  });

  it('frees the slots of a process that died, within the lease, without it releasing anything', async () => {
    const doomed = connect();
    const dying = new RedisSubscriptionSlots(doomed.commands, 500);
    const survivor = new RedisSubscriptionSlots(connect().commands);
    const id = user();
    // The survivor holds a slot of this user too, so the user's key lives on: only the dead leases lapse.
    await survivor.take(id, 3);
    await dying.take(id, 3);
    await dying.take(id, 3);
    expect(await survivor.take(id, 3)).toBeUndefined();
    // Dead: it can neither renew nor release any more.
    doomed.commands.disconnect();
    await expect.poll(async () => (await survivor.take(id, 3)) !== undefined, { timeout: 5_000, interval: 100 }).toBe(true);
    expect(await survivor.take(id, 3)).toBeTypeOf('function');
    expect(await survivor.take(id, 3)).toBeUndefined();
    await Promise.all([dying.close(), survivor.close()]);
  });
});
