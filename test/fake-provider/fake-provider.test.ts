import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APICallError, JSONParseError } from 'ai';
import { expectedText, startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { finishPart, modelFor, PROMPT_WORDS, runStream, type ProviderName } from './helpers.ts';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(async () => {
  await fake.close();
});

describe.each<ProviderName>(['openai', 'anthropic'])('the real %s AI SDK client against the fake provider', (provider) => {
  // Scenario counters (failTimes) are per exact model string, so every test gets its own name.
  const model = (id: string) => modelFor(fake, provider, `${provider}-${id}`);
  const requestsFor = (id: string) => fake.requests.filter((r) => r.model === `${provider}-${id}`);

  it('streams the exact expected text with usage, cached tokens and a stop finish reason', async () => {
    const outcome = await runStream(model('happy?tokens=45&rate=0&cached=3'));

    expect(outcome.thrown).toBeUndefined();
    expect(outcome.errorParts).toEqual([]);
    expect(outcome.text).toBe(expectedText(45));
    expect(outcome.textDeltas).toBe(45);
    const finish = finishPart(outcome);
    expect(finish.finishReason).toBe('stop');
    expect(finish.totalUsage).toMatchObject({
      inputTokens: PROMPT_WORDS,
      outputTokens: 45,
      totalTokens: PROMPT_WORDS + 45,
      inputTokenDetails: { cacheReadTokens: 3, noCacheTokens: PROMPT_WORDS - 3 },
    });
  });

  it('records each request with its path, scenario model string, parsed body and headers', async () => {
    await runStream(model('recorded?tokens=1&rate=0'));

    const [request] = requestsFor('recorded?tokens=1&rate=0');
    expect(request?.path).toBe(provider === 'openai' ? '/v1/chat/completions' : '/v1/messages');
    expect(request?.body).toMatchObject({ model: `${provider}-recorded?tokens=1&rate=0`, stream: true });
    expect(provider === 'openai' ? request?.headers.authorization : request?.headers['x-api-key']).toContain('test-key');
    expect(request?.receivedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it('paces tokens at the requested rate and reports each one to onToken', async () => {
    const sent: Array<{ index: number; at: number }> = [];
    fake.onToken = (m, index, at) => {
      if (m === `${provider}-paced?tokens=11&rate=100`) sent.push({ index, at });
    };
    const outcome = await runStream(model('paced?tokens=11&rate=100'));
    fake.onToken = undefined;

    expect(outcome.text).toBe(expectedText(11));
    expect(sent.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 10 gaps of 10 ms; timers never fire early, so only the lower bound is tight.
    expect(sent.at(-1)!.at - sent[0]!.at).toBeGreaterThanOrEqual(95);
    expect(sent.at(-1)!.at - sent[0]!.at).toBeLessThan(1000);
  });

  it.each(['429', '500'])('surfaces an HTTP %s as an APICallError error part without any text', async (status) => {
    const outcome = await runStream(model(`http-${status}?fault=${status}`));

    expect(outcome.thrown).toBeUndefined();
    expect(outcome.text).toBe('');
    expect(outcome.errorParts).toHaveLength(1);
    const error = outcome.errorParts[0];
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(Number(status));
    expect((error as APICallError).message).toContain('fake provider');
    expect(requestsFor(`http-${status}?fault=${status}`)).toHaveLength(1);
  });

  it('fails the first failTimes requests and then streams normally', async () => {
    const id = 'flaky?fault=500&failTimes=2&tokens=4&rate=0';
    const first = await runStream(model(id));
    const second = await runStream(model(id));
    const third = await runStream(model(id));

    expect((first.errorParts[0] as APICallError).statusCode).toBe(500);
    expect((second.errorParts[0] as APICallError).statusCode).toBe(500);
    expect(third.errorParts).toEqual([]);
    expect(third.text).toBe(expectedText(4));
  });

  it('lets the AI SDK retry past a 429 using the retry-after-ms header', async () => {
    const id = 'retried?fault=429&failTimes=1&tokens=4&rate=0';
    const outcome = await runStream(model(id), { maxRetries: 2 });

    expect(outcome.errorParts).toEqual([]);
    expect(outcome.text).toBe(expectedText(4));
    expect(requestsFor(id)).toHaveLength(2);
    expect(outcome.elapsedMs).toBeLessThan(1500);
  });

  it('reports a malformed data line as a JSONParseError part after the tokens sent before it', async () => {
    const outcome = await runStream(model('malformed?tokens=10&rate=0&fault=malformed&faultAfter=3'));

    expect(outcome.thrown).toBeUndefined();
    expect(outcome.text).toBe(expectedText(3));
    expect(outcome.errorParts).toHaveLength(1);
    expect(JSONParseError.isInstance(outcome.errorParts[0])).toBe(true);
    expect(finishPart(outcome).finishReason).toBe('error');
  });

  it('makes fullStream throw an APICallError when the socket is dropped mid-stream', async () => {
    const outcome = await runStream(model('dropped?tokens=10&rate=0&fault=drop&faultAfter=3'));

    // The AI SDK throws here rather than emitting an error part: the body read fails.
    expect(outcome.text).toBe(expectedText(3));
    expect(APICallError.isInstance(outcome.thrown)).toBe(true);
    expect((outcome.thrown as APICallError).cause).toMatchObject({ message: 'terminated' });
    // A server-side drop is not a client abort.
    expect(fake.aborted.some((a) => a.model.startsWith(`${provider}-dropped`))).toBe(false);
  });

  it('stalls after faultAfter tokens until the client gives up, and records that as an abort', async () => {
    const id = 'stalled?tokens=10&rate=0&fault=stall&faultAfter=2';
    const outcome = await runStream(model(id), { abortSignal: AbortSignal.timeout(300) });

    expect(outcome.text).toBe(expectedText(2));
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(250);
    expect(outcome.parts.at(-1)?.type).toBe('abort');
    const abort = await fake.waitForAbort((a) => a.model === `${provider}-${id}`);
    expect(abort.tokensSent).toBe(2);
  });

  it('records a client abort with the number of tokens sent so far', async () => {
    const id = 'aborted?tokens=200&rate=200';
    const outcome = await runStream(model(id), { abortAfterDeltas: 3 });

    expect(outcome.text).toBe(expectedText(3));
    expect(outcome.parts.at(-1)?.type).toBe('abort');
    const abort = await fake.waitForAbort((a) => a.model === `${provider}-${id}`);
    expect(abort.tokensSent).toBeGreaterThanOrEqual(3);
    expect(abort.tokensSent).toBeLessThan(200);
    expect(fake.aborted).toContainEqual(expect.objectContaining({ model: `${provider}-${id}`, tokensSent: abort.tokensSent }));
  });
});

describe('the real Anthropic AI SDK client against the fake provider’s prompt cache', () => {
  it('reads the tokens a reply wrote to the prompt cache (cacheWrite=N) apart from those it read (cached=N)', async () => {
    const outcome = await runStream(modelFor(fake, 'anthropic', 'anthropic-writes?tokens=2&rate=0&cached=3&cacheWrite=4'));
    expect(finishPart(outcome).totalUsage).toMatchObject({
      inputTokens: PROMPT_WORDS,
      inputTokenDetails: { cacheReadTokens: 3, cacheWriteTokens: 4, noCacheTokens: PROMPT_WORDS - 7 },
    });
  });
});
