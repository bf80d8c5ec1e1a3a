import type { LogEvent } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stopReply } from '../../src/replies/stop-reply.ts';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { followToEnd } from '../support/reply-stream.ts';
import { requestsFor } from '../support/sent-conversation.ts';

/** Called once with the id of the next reply a job claims, right after the claim's write. */
let onNextClaim: ((replyId: string) => void) | undefined;

function watchClaims(event: LogEvent): void {
  if (event.level !== 'query' || !event.query.sql.startsWith('update "messages" set "started_at"')) return;
  const hook = onNextClaim;
  onNextClaim = undefined;
  // The claim's parameters: started_at, updated_at, then the id it claims.
  hook?.(event.query.parameters[2] as string);
}

let server: HotlineUnderTest;
let alice: SignedUp;
beforeAll(async () => {
  // One job at a time, so a second reply waits in the queue; slow retries, so a failed attempt waits to retry.
  server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_QUEUE_CONCURRENCY: '1', HOTLINE_RETRY_BASE_MS: '5000' }, { onQuery: watchClaims });
  alice = await signUpUser(server.url);
});
afterAll(() => server.close());

it('a reply still waiting for a worker is cancelled at once, and never reaches the provider', async () => {
  const busy = await alice.client.newChat({ model: 'openai:keeps-worker-busy?tokens=30&rate=100' });
  const waiting = await alice.client.newChat({ model: 'openai:never-started?tokens=5&rate=0' });
  const running = await alice.client.send(busy.id);
  const queued = await alice.client.send(waiting.id);

  const stopped = await alice.client.post(`/api/messages/${queued.assistantMessage.id}/stop`);
  expect(stopped.status).toBe(202);
  expect(stopped.body.assistantMessage).toMatchObject({ status: 'cancelled', content: '' });
  const stream = await followToEnd(server.url, alice.client, queued.assistantMessage.id);
  // Read after it ended, it is answered from the stored message: ended, with nothing else (its place in
  // line was a passing notice of the live log; test/generation/queue-capacity.test.ts follows it live).
  expect(stream.events.map((e) => [e.event, e.data.step ?? e.data.status])).toEqual([['done', 'cancelled']]);

  expect(await alice.client.settled(running.assistantMessage.id)).toMatchObject({ status: 'completed', content: expectedText(30) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(requestsFor(server.provider, 'never-started?tokens=5&rate=0')).toEqual([]);
  expect((await alice.client.get(`/api/messages/${queued.assistantMessage.id}`)).body.status).toBe('cancelled');
});

it('a reply waiting to retry the provider is cancelled at once, without another attempt', async () => {
  const scenario = 'stopped-in-backoff?fault=500&failTimes=1&tokens=5&rate=0';
  const chat = await alice.client.newChat({ model: `openai:${scenario}` });
  const turn = await alice.client.send(chat.id);
  const deadline = Date.now() + 2_000;
  while (requestsFor(server.provider, scenario).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

  const started = Date.now();
  const stopped = await alice.client.post(`/api/messages/${turn.assistantMessage.id}/stop`);
  expect(stopped.body.assistantMessage).toMatchObject({ status: 'cancelled', content: '', error: null });
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(requestsFor(server.provider, scenario)).toHaveLength(1);
});

it('a stop that arrives just after the job claimed the reply still cancels it', async () => {
  const scenario = 'stop-at-claim?tokens=20&rate=100';
  const chat = await alice.client.newChat({ model: `openai:${scenario}` });
  let stopped: ReturnType<typeof stopReply> | undefined;
  // The same domain call POST /api/messages/:id/stop makes, issued the moment the job has claimed the reply.
  onNextClaim = (replyId) => (stopped = stopReply(server.hotline, alice.user, replyId));
  const turn = await alice.client.send(chat.id, 'Never mind');
  expect(stopped).toBeDefined();

  const answer = await stopped!;
  const message = await alice.client.settled(turn.assistantMessage.id);
  expect(message.status, 'the stop was lost: generateReply claims the reply before it listens for stops (src/generation/generate-reply.ts)').toBe('cancelled');
  expect(answer.status).toBe('cancelled');
  for (const request of requestsFor(server.provider, scenario)) {
    expect(server.provider.aborted.some((a) => a.model === request.model)).toBe(true);
  }
});
