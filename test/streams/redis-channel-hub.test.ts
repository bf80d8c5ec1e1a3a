import { afterAll, describe, expect, it } from 'vitest';
import { ChannelHub } from '../../src/adapters/redis/channel-hub.ts';
import { RedisConnections } from '../../src/adapters/redis/connections.ts';
import { redisUp, redisUrl } from '../support/services.ts';

const opened: RedisConnections[] = [];
afterAll(async () => {
  for (const connections of opened) await connections.close();
});

describe.runIf(redisUp)('Redis channel hub', () => {
  it('hears a channel it started listening to while its connection was still being made', async () => {
    const connections = new RedisConnections(redisUrl);
    opened.push(connections);
    const hub = new ChannelHub(connections.subscriber);
    const channel = `hub-${process.pid}-${Date.now()}`;
    const heard: string[] = [];
    // A busy process makes its ready check late (ioredis reads its package.json first): here, after any
    // SUBSCRIBE sent before it has been answered, always.
    const subscriber = connections.subscriber as unknown as { _readyCheck: (callback: unknown) => void; subscribe: (...args: unknown[]) => Promise<unknown> };
    const sent: Promise<unknown>[] = [];
    const subscribe = subscriber.subscribe.bind(subscriber);
    subscriber.subscribe = (...args) => {
      const reply = subscribe(...args);
      sent.push(reply.catch(() => {}));
      return reply;
    };
    const readyCheck = subscriber._readyCheck.bind(subscriber);
    subscriber._readyCheck = (callback) => void Promise.all(sent).then(() => readyCheck(callback));
    // Connected, but not ready yet: ioredis has yet to make its ready check.
    const listening = await new Promise<Promise<() => void>>((resolve) =>
      connections.subscriber.once('connect', () => resolve(hub.listen(channel, (message) => heard.push(message)))),
    );
    const unlisten = await listening;
    // However it got there: once the connection is ready, it must be subscribed.
    if (connections.subscriber.status !== 'ready') await new Promise((resolve) => connections.subscriber.once('ready', resolve));
    const delivered = new Promise<void>((resolve) => hub.listen(channel, () => resolve()));
    // Redis says how many connections the message went to: the hub's must be one of them.
    expect(await connections.commands.publish(channel, 'hello')).toBe(1);
    await delivered;
    expect(heard).toContain('hello');
    unlisten();
    hub.close();
  });
});
