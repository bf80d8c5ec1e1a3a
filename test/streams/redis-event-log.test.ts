import { afterAll, describe } from 'vitest';
import { RedisEventLog } from '../../src/adapters/event-log/redis.ts';
import { ChannelHub } from '../../src/adapters/redis/channel-hub.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { redisUp, redisUrl } from '../support/services.ts';
import { eventLogContract } from './event-log.contract.ts';

const opened: RedisConnections[] = [];
afterAll(async () => {
  for (const connections of opened) await connections.close();
});

describe.runIf(redisUp)('Redis Streams', () => {
  eventLogContract('Redis Streams', async () => {
    const connections = new RedisConnections(redisUrl);
    opened.push(connections);
    return new RedisEventLog(connections.commands, new ChannelHub(connections.subscriber));
  });
});
