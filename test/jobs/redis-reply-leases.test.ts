import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisReplyLeases } from '../../src/adapters/leases/redis.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { redisUp, redisUrl } from '../support/services.ts';
import { replyLeasesContract } from './reply-leases.contract.ts';

const opened: RedisConnections[] = [];
afterAll(async () => {
  for (const connections of opened) await connections.close();
});

// Short leases, so a lapse takes a fraction of a second; each reply id is new, so test files never share a key.
const ttlMs = 300;

/** A process's leases, on its own connection, already connected. */
const processLeases = async () => {
  const connections = new RedisConnections(redisUrl);
  opened.push(connections);
  const leases = new RedisReplyLeases(connections.commands, ttlMs);
  await connections.commands.ping();
  return leases;
};

describe.runIf(redisUp)('Redis', () => {
  // The job holds on one process; the sweep asks on another.
  replyLeasesContract('Redis', async () => ({ holder: await processLeases(), observer: await processLeases(), lapseMs: ttlMs }));
});

describe.runIf(redisUp)('Redis leases across processes', () => {
  it('a release by the process that held a reply before does not free the hold another process took since (its next turn)', async () => {
    const [earlier, later, sweep] = [await processLeases(), await processLeases(), await processLeases()];
    const replyId = `lease-${randomUUID()}`;
    const releaseEarlier = await earlier.hold(replyId);
    const releaseLater = await later.hold(replyId);
    // The earlier process renews its holds meanwhile: that must not take the lease back.
    await new Promise((resolve) => setTimeout(resolve, ttlMs / 2));
    await releaseEarlier();
    expect(await sweep.held([replyId])).toEqual(new Set([replyId]));
    await releaseLater();
    expect(await sweep.held([replyId])).toEqual(new Set());
  });
});
