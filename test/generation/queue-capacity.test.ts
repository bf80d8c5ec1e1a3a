import { afterEach, describe, expect, it } from 'vitest';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { followToEnd, subscribe } from '../support/reply-stream.ts';
import { isTitleRequest } from '../support/sent-conversation.ts';

let server: HotlineUnderTest | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Waits for a condition on the process under test (never for a fixed time). */
async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const held = (name: string) => `openai:${name}?tokens=5&fault=stall&faultAfter=1`;

describe('generation queue', () => {
  it('with the defaults, 150 replies streaming at once all have their provider request open at once', async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    const { client } = await signUpUser(server.url);
    const replies = 150;
    for (let i = 0; i < replies; i++) await client.send((await client.newChat({ model: held(`held-${i}`) })).id);
    // Every provider stream stalls after its first token, so no reply ends: each request came from a reply of its own.
    await until(() => server!.provider.requests.length === replies);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^hotline_queued_generations 0$/m);
  });

  it('past its slots a reply says its place in line, the metric counts it, and past the queue a new one is refused with 503', async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_QUEUE_CONCURRENCY: '1', HOTLINE_QUEUE_LIMIT: '1' });
    const { client } = await signUpUser(server.url);
    const first = (await client.send((await client.newChat({ model: held('running') })).id)).assistantMessage.id;
    await until(() => server!.provider.requests.length === 1);

    const waitingChat = (await client.newChat({ model: 'openai:queued?tokens=5' })).id;
    const second = (await client.send(waitingChat)).assistantMessage.id;
    const stream = await subscribe(server.url, client, second);
    await stream.until((events) => events.length > 0);
    expect(stream.events[0]).toMatchObject({ event: 'thinking', data: { step: 'Waiting for a free slot: number 1 in line' } });
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^hotline_queued_generations 1$/m);

    const fullChat = (await client.newChat({ model: 'openai:refused?tokens=5' })).id;
    const refused = await client.post(`/api/chats/${fullChat}/messages`, { content: 'Hello' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.body.error.code).toBe('overloaded');
    expect((await client.get(`/api/chats/${fullChat}`)).body.messages).toEqual([]);

    // A slot frees: the waiting reply runs, and ends as any other.
    expect((await client.post(`/api/messages/${first}/stop`)).status).toBe(202);
    const followed = await followToEnd(server.url, client, second);
    expect(followed.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    expect(server.provider.requests.filter((r) => !isTitleRequest(r)).map((r) => r.model)).toEqual([
      'running?tokens=5&fault=stall&faultAfter=1',
      'queued?tokens=5',
    ]);
    expect(await (await fetch(`${server.url}/metrics`)).text()).toMatch(/^hotline_queued_generations 0$/m);
  });
});
