import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/server.ts';
import type { ApiClient } from '../support/api-client.ts';
import { signUpUser } from '../support/accounts.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { signedInHotline } from '../support/signed-in-hotline.ts';
import { followToEnd } from '../support/reply-stream.ts';
import { requestsFor } from '../support/sent-conversation.ts';
import { textOf, type SseConnection } from '../support/sse-client.ts';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Posts one message to a new chat on `model`, follows the reply's event stream to its end, and reads it back. */
async function replyOn(on: HotlineUnderTest, client: ApiClient, model: string): Promise<{ stream: SseConnection; message: any }> {
  const chat = await client.newChat({ model });
  const turn = await client.send(chat.id, 'Hello?');
  const stream = await followToEnd(on.url, client, turn.assistantMessage.id);
  const message = await client.settled(turn.assistantMessage.id);
  return { stream, message };
}

const scenarioOf = (model: string) => model.slice(model.indexOf(':') + 1);

/** One short line a person can read, with nothing of the provider's raw answer or our configuration in it. */
function expectHumanAndSafe(text: string): void {
  expect(text).toMatch(/^[A-Z][^\n]{10,200}$/);
  expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node:internal/);
  expect(text).not.toContain('test-key');
  expect(text).not.toMatch(/https?:\/\/|127\.0\.0\.1|localhost|\/v1\//);
  expect(text).not.toMatch(/fake provider|AI_\w+|\w+Error\b|undefined|\[object/);
}

function expectFailedWith(stream: SseConnection, message: any): string {
  const last = stream.events.at(-1)!;
  expect(last.event).toBe('error');
  expect(last.data.status).toBe('failed');
  expect(stream.events.filter((e) => e.event === 'error' || e.event === 'done')).toHaveLength(1);
  expect(message.status).toBe('failed');
  expect(message.error).toBe(last.data.message);
  expectHumanAndSafe(last.data.message);
  return last.data.message;
}

// Both OpenAI clients (HOTLINE_OPENAI_CLIENT) must end every fault the same way.
describe.each(['direct', 'ai-sdk'] as const)('the OpenAI client "%s"', (client) => {
  const hotline = signedInHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_PROVIDER_ATTEMPTS: '3', HOTLINE_OPENAI_CLIENT: client });

  it('a provider nobody answers at is tried the configured number of times, then the reply fails with a safe error', async () => {
    const closed = await closedPort();
    const unreachable = await startHotline({
      HOTLINE_RATE_LIMITS: 'off',
      HOTLINE_PROVIDER_ATTEMPTS: '2',
      HOTLINE_RETRY_BASE_MS: '10',
      HOTLINE_OPENAI_CLIENT: client,
      OPENAI_BASE_URL: `http://127.0.0.1:${closed}/v1`,
    });
    try {
      const bob = (await signUpUser(unreachable.url)).client;
      const { stream, message } = await replyOn(unreachable, bob, 'openai:nobody-home');
      expect(expectFailedWith(stream, message)).toMatch(/could not reach/i);
    } finally {
      await unreachable.close();
    }
  });

  it('a normal reply completes with its finish reason and usage, cached input tokens included', async () => {
    const model = `openai:usage-${client}?tokens=12&rate=0&cached=5`;
    const { stream, message } = await replyOn(hotline.server, hotline.client, model);
    expect(message).toMatchObject({ status: 'completed', content: expectedText(12), finishReason: 'stop', error: null });
    expect(message.usage).toMatchObject({ cachedInputTokens: 5, outputTokens: 12 });
    expect(message.usage.inputTokens).toBeGreaterThanOrEqual(5);
    expect(textOf(stream.events)).toBe(expectedText(12));
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed', finishReason: 'stop', usage: message.usage } });
  });

  describe('provider faults before the first token', () => {
    it.each([
      { fault: '429', says: /\b429\b|rate.?limit/i },
      { fault: '500', says: /\b500\b|internal error/i },
    ])('a provider that answers $fault every time fails the reply with a safe error, after the configured attempts', async ({ fault, says }) => {
      const model = `openai:always-${fault}-${client}?fault=${fault}&tokens=10&rate=0`;
      const { stream, message } = await replyOn(hotline.server, hotline.client, model);
      expect(expectFailedWith(stream, message)).toMatch(says);
      expect(textOf(stream.events)).toBe('');
      expect(message.content).toBe('');
      expect(requestsFor(hotline.server.provider, scenarioOf(model))).toHaveLength(3);
    });

    it.each(['429', '500'])('a provider that answers %s twice and then streams is retried, and the reply completes once with the whole text', async (fault) => {
      const model = `openai:twice-${fault}-${client}?fault=${fault}&failTimes=2&tokens=12&rate=0`;
      const { stream, message } = await replyOn(hotline.server, hotline.client, model);
      expect(message).toMatchObject({ status: 'completed', content: expectedText(12), error: null, finishReason: 'stop' });
      expect(textOf(stream.events)).toBe(expectedText(12));
      expect(stream.events.filter((e) => e.event === 'error' || e.event === 'done').map((e) => e.event)).toEqual(['done']);
      expect(stream.events.at(-1)!.data).toMatchObject({ status: 'completed', finishReason: 'stop' });
      expect(requestsFor(hotline.server.provider, scenarioOf(model))).toHaveLength(3);
    });
  });

  describe('provider faults mid-reply', () => {
    it.each(['malformed', 'drop'])(
      'a reply the provider breaks off (%s) after 5 tokens fails, keeps exactly those 5 tokens, and is not retried',
      async (fault) => {
        const model = `openai:mid-${fault}-${client}?fault=${fault}&faultAfter=5&tokens=20&rate=0`;
        const { stream, message } = await replyOn(hotline.server, hotline.client, model);
        expectFailedWith(stream, message);
        expect(message.content).toBe(expectedText(5));
        expect(textOf(stream.events)).toBe(expectedText(5));
        expect(requestsFor(hotline.server.provider, scenarioOf(model))).toHaveLength(1);
      },
    );
  });
});

describe('a provider that stalls', () => {
  const slow = signedInHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_JOB_TIMEOUT_MS: '1000' });

  it('a reply that stalls past the job timeout fails with a timeout message, keeps its text, and its upstream socket is closed', async () => {
    const model = 'openai:stall-timeout?fault=stall&faultAfter=3&tokens=20&rate=0';
    const started = Date.now();
    const { stream, message } = await replyOn(slow.server, slow.client, model);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(expectFailedWith(stream, message)).toMatch(/took longer|timed? ?out|time limit/i);
    expect(message.content).toBe(expectedText(3));
    const abort = await slow.server.provider.waitForAbort((a) => a.model === scenarioOf(model));
    expect(abort.tokensSent).toBe(3);
  });
});

describe('the Anthropic format', () => {
  const hotline = signedInHotline({ HOTLINE_RATE_LIMITS: 'off' });

  it('a normal Anthropic reply completes with its finish reason and usage, cached input tokens included', async () => {
    const model = 'anthropic:claude-cached?tokens=12&rate=0&cached=7';
    const { stream, message } = await replyOn(hotline.server, hotline.client, model);
    expect(message).toMatchObject({ status: 'completed', content: expectedText(12), finishReason: 'stop', error: null });
    expect(message.usage).toMatchObject({ cachedInputTokens: 7, outputTokens: 12 });
    expect(message.usage.inputTokens).toBeGreaterThanOrEqual(7);
    expect(textOf(stream.events)).toBe(expectedText(12));
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed', finishReason: 'stop', usage: message.usage } });
    expect(requestsFor(hotline.server.provider, scenarioOf(model))[0]!.path).toBe('/v1/messages');
  });

  it('an Anthropic reply dropped after 5 tokens fails with a safe error and keeps those 5 tokens', async () => {
    const model = 'anthropic:claude-drop?fault=drop&faultAfter=5&tokens=20&rate=0';
    const { stream, message } = await replyOn(hotline.server, hotline.client, model);
    expectFailedWith(stream, message);
    expect(message.content).toBe(expectedText(5));
    expect(textOf(stream.events)).toBe(expectedText(5));
    expect(requestsFor(hotline.server.provider, scenarioOf(model))).toHaveLength(1);
  });
});
