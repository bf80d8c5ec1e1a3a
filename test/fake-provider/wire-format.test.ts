import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedText, startFakeProvider, tokenText, type FakeProvider } from '../../src/testing/fake-provider/server.ts';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(async () => {
  await fake.close();
});

function post(path: string, body: unknown) {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Splits an SSE body into events of { event?, data }. */
function parseSse(raw: string): Array<{ event: string | undefined; data: string }> {
  return raw
    .split('\n\n')
    .filter((block) => block.length > 0)
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const data = lines.find((l) => l.startsWith('data: '))?.slice('data: '.length) ?? '';
      return { event, data };
    });
}

describe('the deterministic reply text', () => {
  it('is the same for the same token index and concatenates into expectedText', () => {
    expect(tokenText(7)).toBe(tokenText(7));
    expect(expectedText(3)).toBe(tokenText(0) + tokenText(1) + tokenText(2));
    expect(expectedText(0)).toBe('');
  });

  it('includes multi-byte text, emoji, CJK, newlines and Markdown', () => {
    const text = expectedText(30);
    expect(text).toMatch(/[éïü]/);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).toContain('\n');
    expect(text).toContain('**bold**');
    expect(text).toContain('`code`');
    expect(text).toContain('- item');
  });
});

describe('the OpenAI chat-completions wire format', () => {
  it('sends a role chunk, one chunk per token, a finish chunk, a usage chunk and [DONE]', async () => {
    const response = await post('/v1/chat/completions', {
      model: 'wire?tokens=3&rate=0&cached=1',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseSse(await response.text());

    expect(events.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id)).toBe(true);
    expect(chunks[0].choices[0].delta).toMatchObject({ role: 'assistant', content: '' });
    expect(chunks.slice(1, 4).map((c) => c.choices[0].delta.content)).toEqual([tokenText(0), tokenText(1), tokenText(2)]);
    expect(chunks[4].choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks[5]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6, prompt_tokens_details: { cached_tokens: 1 } },
    });
  });

  it('omits the usage chunk when the request did not ask for it', async () => {
    const response = await post('/v1/chat/completions', { model: 'nousage?tokens=1&rate=0', messages: [], stream: true });
    const chunks = parseSse(await response.text())
      .slice(0, -1)
      .map((e) => JSON.parse(e.data));
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('answers a 429 fault with the real OpenAI error JSON', async () => {
    const response = await post('/v1/chat/completions', { model: 'rl?fault=429', messages: [], stream: true });
    expect(response.status).toBe(429);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
  });
});

describe('the Anthropic Messages wire format', () => {
  it('sends the real event sequence with matching event names and data types', async () => {
    const response = await post('/v1/messages', {
      model: 'wire?tokens=2&rate=0&cached=2',
      system: 'be nice',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'one two three' }] }],
      max_tokens: 100,
      stream: true,
    });
    const events = parseSse(await response.text());
    const data = events.map((e) => JSON.parse(e.data));

    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(data.map((d) => d.type)).toEqual(events.map((e) => e.event));
    expect(data[0].message.usage).toMatchObject({ input_tokens: 3, cache_read_input_tokens: 2 });
    expect(data[3].delta).toEqual({ type: 'text_delta', text: tokenText(0) });
    expect(data[6]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } });
  });

  it('answers a 500 fault with the real Anthropic error JSON', async () => {
    const response = await post('/v1/messages', { model: 'boom?fault=500', messages: [], stream: true });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
  });
});

describe('the fake provider server', () => {
  it('rejects a misspelt scenario parameter instead of silently using defaults', async () => {
    const response = await post('/v1/chat/completions', { model: 'typo?token=5', messages: [], stream: true });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('unknown scenario parameter "token"');
  });

  it('answers unknown paths with a 404 error JSON', async () => {
    const response = await post('/v1/completions', { model: 'x' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toContain('/v1/completions');
  });

  it('yields to the event loop between unpaced tokens so other replies still progress', async () => {
    let lastBigTokenAt = 0;
    let smallTokenAt = 0;
    let bigStarted!: () => void;
    const bigStartedPromise = new Promise<void>((resolve) => (bigStarted = resolve));
    fake.onToken = (model, index, at) => {
      if (model === 'big?tokens=5000&rate=0') {
        if (index === 0) bigStarted();
        lastBigTokenAt = at;
      }
      if (model === 'small?tokens=1&rate=0') smallTokenAt = at;
    };
    const big = post('/v1/chat/completions', { model: 'big?tokens=5000&rate=0', messages: [], stream: true }).then((r) => r.text());
    await bigStartedPromise;
    await post('/v1/chat/completions', { model: 'small?tokens=1&rate=0', messages: [], stream: true }).then((r) => r.text());
    const bigBody = await big;
    fake.onToken = undefined;

    expect(bigBody.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(smallTokenAt).toBeGreaterThan(0);
    expect(smallTokenAt).toBeLessThan(lastBigTokenAt);
  });

  it('rejects waitForAbort when no matching abort arrives in time', async () => {
    await expect(fake.waitForAbort((a) => a.model === 'never', 20)).rejects.toThrow(/no matching client abort/);
  });

  it('closes promptly even while a stalled reply holds its connection open', async () => {
    const own = await startFakeProvider();
    const response = await fetch(`${own.openaiBaseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'stuck?fault=stall&faultAfter=1', messages: [], stream: true }),
    });
    const body = response.text();
    await own.close();
    await expect(body).rejects.toThrow();
    expect(own.aborted).toEqual([]);
  });
});
