import { afterAll, describe } from 'vitest';
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
