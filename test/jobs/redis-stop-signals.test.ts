import { afterAll, describe, expect, it } from 'vitest';
import { ChannelHub } from '../../src/adapters/redis/channel-hub.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { RedisStopSignals } from '../../src/adapters/stop-signals/redis.ts';
import { redisUp, redisUrl } from '../support/services.ts';
import { stopSignalsContract } from './stop-signals.contract.ts';

const opened: { connections: RedisConnections; hub: ChannelHub }[] = [];
afterAll(async () => {
  for (const { connections, hub } of opened) {
    hub.close();
    await connections.close();
  }
});

/** Stop signals as a running process has them: their own connections (already connected) and pub/sub hub. */
const processSignals = async () => {
  const connections = new RedisConnections(redisUrl);
  const hub = new ChannelHub(connections.subscriber);
  opened.push({ connections, hub });
  await Promise.all([connections.commands.ping(), connections.subscriber.ping()]);
  return new RedisStopSignals(connections.commands, hub);
};

describe.runIf(redisUp)('Redis', () => {
  // Stop is pressed on one process, the job runs on another.
  stopSignalsContract('Redis', async () => ({ requester: await processSignals(), listener: await processSignals() }));

  it('reaches a job that starts listening just after the stop was requested (it was still subscribing)', async () => {
    const [web, worker] = [await processSignals(), await processSignals()];
    const id = `stop-early-${process.pid}-${Date.now()}`;
    await web.request(id);
    let heard = 0;
    const off = worker.listen(id, () => void heard++);
    await expect.poll(() => heard, { timeout: 5_000 }).toBeGreaterThan(0);
    off();
  });
});
