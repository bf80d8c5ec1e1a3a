import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepStaleReplies } from '../../src/generation/stale-sweep.ts';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import { signUpUser, type SignedUp } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { subscribe, untilClosed } from '../support/reply-stream.ts';
import { textOf } from '../support/sse-client.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A reply whose job is gone, inserted through the store as it was left: stored `streaming` and last written
 * at `lastWriteAt`, with no job running it anywhere. `claimed`: a job took it and its process died;
 * otherwise no job ever took it (its queue lost the job).
 */
async function orphanedReply(on: HotlineUnderTest, owner: SignedUp, content: string, lastWriteAt: number, { claimed }: { claimed: boolean }): Promise<string> {
  const chat = await owner.client.newChat({ model: 'openai:orphan?tokens=5&rate=0' });
  const question = on.hotline.newId();
  const reply = on.hotline.newId();
  const at = iso(lastWriteAt);
  const common = { chat_id: chat.id, user_id: owner.user.id, thinking: '[]', created_at: at, updated_at: at };
  const refused = await on.hotline.messages.insertTurn(
    chat.id,
    owner.user.id,
    [
      { ...common, id: question, role: 'user', content: 'Are you still there?', status: 'completed', completed_at: at },
      { ...common, id: reply, reply_to: question, role: 'assistant', content, status: 'streaming', model: chat.model, started_at: claimed ? at : null },
    ],
    Infinity,
  );
  expect(refused).toBeNull();
  return reply;
}

/** One sweep, as the worker runs it, at the time `now`. */
const sweepAt = (on: HotlineUnderTest, now: number, staleAfterMs: number) =>
  sweepStaleReplies({ ...on.hotline, spending: on.hotline.budgets.ledger, clock: { now: () => now }, staleAfterMs, retentionMs: 60_000 });

describe('the worker’s stale sweep', () => {
  let server: HotlineUnderTest;
  let alice: SignedUp;
  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_STALE_AFTER_MS: '200', HOTLINE_STALE_SWEEP_INTERVAL_MS: '50' });
    alice = await signUpUser(server.url);
  });
  afterAll(() => server.close());

  it('a reply whose job died ends failed as interrupted, keeping its content, and its subscriber gets the error', async () => {
    const id = await orphanedReply(server, alice, 'Half a thought', Date.now(), { claimed: true });
    const stream = await subscribe(server.url, alice.client, id);
    await untilClosed(stream, 5_000);

    const ending = stream.events.at(-1)!;
    expect(ending).toMatchObject({ event: 'error', data: { status: 'failed', message: expect.stringMatching(/interrupted/i) } });
    const message = (await alice.client.get(`/api/messages/${id}`)).body;
    expect(message).toMatchObject({ status: 'failed', content: 'Half a thought', error: ending.data.message });
    expect(message.completedAt).toEqual(expect.any(String));
  });

  it('a reply no job ever took ends failed as interrupted once it is older than HOTLINE_STALE_AFTER_MS', async () => {
    const createdAt = Date.now();
    const id = await orphanedReply(server, alice, '', createdAt, { claimed: false });
    const stream = await subscribe(server.url, alice.client, id);
    await untilClosed(stream, 5_000);
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(200);
    expect(stream.events.map((e) => e.event)).toEqual(['error']);
    expect((await alice.client.get(`/api/messages/${id}`)).body).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/i) });
  });

  it('a subscriber to a reply whose job and log are gone receives its stored text before the error', async () => {
    const id = await orphanedReply(server, alice, 'Flushed before the crash', Date.now(), { claimed: true });
    const stream = await subscribe(server.url, alice.client, id);
    await untilClosed(stream, 5_000);
    expect(stream.events.at(-1)!.event).toBe('error');
    expect(textOf(stream.events), 'the event stream sent none of the stored content of a streaming reply with an empty log (src/streams/follow-reply.ts)').toBe(
      'Flushed before the crash',
    );
  });

  it('a reply streaming in this process for longer than HOTLINE_STALE_AFTER_MS is not swept', async () => {
    const chat = await alice.client.newChat({ model: 'openai:outlives-stale-time?tokens=40&rate=50' });
    const turn = await alice.client.send(chat.id);
    const message = await alice.client.settled(turn.assistantMessage.id);
    expect(message).toMatchObject({ status: 'completed', content: expectedText(40), error: null });
    expect(message.durationMs).toBeGreaterThan(200);
  });
});

describe('sweepStaleReplies', () => {
  const staleAfterMs = 60_000;
  let server: HotlineUnderTest;
  let alice: SignedUp;
  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
    alice = await signUpUser(server.url);
  });
  afterAll(() => server.close());

  it('leaves a reply waiting for a job for less than the stale time, and ends it once it waited longer', async () => {
    const lastWriteAt = Date.now();
    const id = await orphanedReply(server, alice, '', lastWriteAt, { claimed: false });
    await sweepAt(server, lastWriteAt + staleAfterMs - 1, staleAfterMs);
    expect((await alice.client.get(`/api/messages/${id}`)).body.status).toBe('streaming');

    expect(await sweepAt(server, lastWriteAt + staleAfterMs + 1, staleAfterMs)).toBeGreaterThanOrEqual(1);
    expect((await alice.client.get(`/api/messages/${id}`)).body).toMatchObject({
      status: 'failed',
      content: '',
      error: expect.stringMatching(/interrupted/i),
    });
    expect(await sweepAt(server, lastWriteAt + 2 * staleAfterMs, staleAfterMs)).toBe(0);
  });

  it('keeps the text the reply’s log holds beyond its last batched write, and its subscriber sees it all, then the error', async () => {
    const lastWriteAt = Date.now();
    const id = await orphanedReply(server, alice, 'Half a', lastWriteAt, { claimed: true });
    await server.hotline.eventLog.append(id, { type: 'delta', text: 'Half a' });
    await server.hotline.eventLog.append(id, { type: 'delta', text: ' thought' });
    const stream = await subscribe(server.url, alice.client, id);
    await stream.until((events) => textOf(events) === 'Half a thought');

    await sweepAt(server, lastWriteAt + staleAfterMs + 1, staleAfterMs);
    await untilClosed(stream);
    expect(stream.events.map((e) => e.event)).toEqual(['delta', 'error']);
    expect(stream.events[1]!.data.message).toMatch(/interrupted/i);
    expect((await alice.client.get(`/api/messages/${id}`)).body).toMatchObject({ status: 'failed', content: 'Half a thought' });
  });

  it('reads a log its job wrote again from the start by position: the text it repeats is kept once', async () => {
    const lastWriteAt = Date.now();
    const id = await orphanedReply(server, alice, 'Half', lastWriteAt, { claimed: true });
    await server.hotline.eventLog.append(id, { type: 'delta', text: 'Half a', at: 0 });
    await server.hotline.eventLog.append(id, { type: 'delta', text: 'Half a thought', at: 0 });
    await server.hotline.eventLog.append(id, { type: 'delta', text: ' thought, then more', at: 6 });
    await sweepAt(server, lastWriteAt + staleAfterMs + 1, staleAfterMs);
    expect((await alice.client.get(`/api/messages/${id}`)).body).toMatchObject({ status: 'failed', content: 'Half a thought, then more' });
  });

  it('keeps the reasoning and the text its log holds, as parts, past the last write to the database', async () => {
    const lastWriteAt = Date.now();
    const id = await orphanedReply(server, alice, '', lastWriteAt, { claimed: true });
    await server.hotline.eventLog.append(id, { type: 'reasoning', text: 'Think', at: 0, ms: 5 });
    await server.hotline.eventLog.append(id, { type: 'reasoning', text: 'ing.', at: 5, ms: 9 });
    await server.hotline.eventLog.append(id, { type: 'delta', text: 'Half', at: 9 });
    await sweepAt(server, lastWriteAt + staleAfterMs + 1, staleAfterMs);
    expect((await alice.client.get(`/api/messages/${id}`)).body).toMatchObject({
      status: 'failed',
      content: 'Half',
      parts: [
        { type: 'reasoning', text: 'Thinking.' },
        { type: 'text', text: 'Half' },
      ],
    });
  });

  it('does not sweep a reply its job is still generating, however long ago its last write', async () => {
    const chat = await alice.client.newChat({ model: 'openai:live-not-swept?tokens=40&rate=50' });
    const turn = await alice.client.send(chat.id);
    const stream = await subscribe(server.url, alice.client, turn.assistantMessage.id);
    await stream.until((events) => events.some((e) => e.event === 'delta'));

    await sweepAt(server, Date.now() + 24 * 3_600_000, staleAfterMs);
    expect((await alice.client.get(`/api/messages/${turn.assistantMessage.id}`)).body.status).toBe('streaming');
    await untilClosed(stream);
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    expect(await alice.client.settled(turn.assistantMessage.id)).toMatchObject({ status: 'completed', content: expectedText(40) });
  });
});
