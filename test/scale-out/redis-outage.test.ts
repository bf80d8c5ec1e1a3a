import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutageCluster } from '../support/outage-cluster.ts';
import { postgresBin } from '../support/processes.ts';
import { expectSurvived, repliesInFlight } from './outage-checks.ts';

/**
 * Redis, which keeps nothing on disk here, dies mid-reply and comes back empty: every stream, lease
 * and queued job is gone. Replies pause and go on; the log is written again from what the jobs have.
 */
describe.runIf(postgresBin)('a Redis outage in the scale-out mode', () => {
  const cluster = new OutageCluster();
  beforeAll(() => cluster.start(), 90_000);
  afterAll(() => cluster.stop());

  it('killed and restarted in under a second mid-reply: every reply completes, every subscriber and fresh reader gets exactly the stored text', async () => {
    const inFlight = await repliesInFlight(cluster, 'blip', 3, 150, 40);
    const redis = await cluster.killRedis();
    await redis.restart();
    await expectSurvived(cluster, inFlight);
  }, 120_000);

  it('answers /readyz 503 at once while Redis hangs (stopped, its connections open), and 200 once it is back', async () => {
    const [web] = cluster.webs;
    cluster.redis.child.kill('SIGSTOP');
    try {
      const during = await fetch(`${web!.url}/readyz`);
      expect(during.status).toBe(503);
      expect(await during.json()).toMatchObject({ database: 'ok', redis: 'unreachable' });
    } finally {
      cluster.redis.child.kill('SIGCONT');
    }
    for (let tries = 0; (await fetch(`${web!.url}/readyz`)).status !== 200; tries++) {
      expect(tries).toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60_000);

  it('down for 10 s mid-reply: replies pause and complete; a POST meanwhile answers 503 with Retry-After and leaves nothing streaming', async () => {
    const inFlight = await repliesInFlight(cluster, 'outage', 2, 200, 25);
    const [web] = cluster.webs;
    const chat = await web!.newChat({ model: 'openai:later?tokens=5&rate=0' });
    const redis = await cluster.killRedis();
    const killedAt = Date.now();

    const refused = await web!.post(`/api/chats/${chat.id}/messages`, { content: 'Now?' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('unavailable');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const { body } = await web!.get(`/api/chats/${chat.id}`);
    expect(body.messages.filter((m: { status: string }) => m.status === 'streaming')).toEqual([]);

    // The outage itself is the scenario: Redis stays down for 10 s.
    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - killedAt))));
    await redis.restart();
    await expectSurvived(cluster, inFlight);
    const accepted = await web!.post(`/api/chats/${chat.id}/messages`, { content: 'Now?' });
    expect(accepted.status).toBe(202);
    expect((await cluster.ended(accepted.body.assistantMessage.id)).status).toBe('completed');
  }, 150_000);
});
