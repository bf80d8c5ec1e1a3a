import { describe, expect, it } from 'vitest';
import { ProviderError, type ModelPart, type ModelProvider, type ReplyRequest } from '../../src/providers/model-provider.ts';

export interface ProviderUnderTest {
  provider: ModelProvider;
  /** The model name for a reply of about `tokens` text tokens (the fake provider reads it; the offline model ignores it). */
  model(scenario: { tokens: number; fault?: '500' | 'drop' }): string;
  /** Whether the provider can be made to fail: only one with a server behind it. */
  canFail: boolean;
}

const request = (model: string, signal = new AbortController().signal): ReplyRequest => ({
  model,
  system: 'Be brief.',
  messages: [
    { role: 'user', content: 'Hello?' },
    { role: 'assistant', content: 'Hi.' },
    { role: 'user', content: 'Tell me more.' },
  ],
  signal,
});

/** Reads a reply to its end; what it yielded, and what it threw (if it threw). */
async function readAll(stream: AsyncIterable<ModelPart>, onPart?: (part: ModelPart) => void) {
  const parts: ModelPart[] = [];
  try {
    for await (const part of stream) {
      parts.push(part);
      onPart?.(part);
    }
    return { parts, thrown: undefined };
  } catch (error) {
    return { parts, thrown: error };
  }
}

/**
 * What the generation job relies on from every model provider (`generate-reply.ts`): reasoning and text
 * parts, then exactly one `finish`, last; an abort leaves as the signal's own reason (so a Stop is told
 * from a failure); every failure as a ProviderError, never as a reply that seems complete. Run by the
 * offline model and by each client Hotline speaks to a provider with, against the fake provider server.
 */
export function modelProviderContract(name: string, make: () => ProviderUnderTest): void {
  describe(`${name} model provider (contract)`, () => {
    it('streams reasoning and text parts, then exactly one finish, last, with the usage', async () => {
      const { provider, model } = make();
      const { parts, thrown } = await readAll(provider.streamReply(request(model({ tokens: 12 }))));
      expect(thrown).toBeUndefined();
      const finishes = parts.filter((part) => part.type === 'finish');
      expect(finishes).toHaveLength(1);
      expect(parts.at(-1)).toBe(finishes[0]);
      const text = parts.filter((part) => part.type === 'text');
      expect(text.length).toBeGreaterThan(1);
      for (const part of parts.slice(0, -1)) expect(part).toMatchObject({ type: expect.stringMatching(/^(text|reasoning)$/), text: expect.any(String) });
      expect(text.every((part) => part.type === 'text' && part.text.length > 0)).toBe(true);
      expect(finishes[0]).toMatchObject({ finishReason: 'stop', usage: { outputTokens: expect.any(Number) } });
    });

    it('lets an abort mid-reply through as the signal’s own reason, with no finish', async () => {
      const { provider, model } = make();
      const controller = new AbortController();
      const reason = new Error('stopped by the test');
      const { parts, thrown } = await readAll(provider.streamReply(request(model({ tokens: 2_000 }), controller.signal)), (part) => {
        if (part.type === 'text') controller.abort(reason);
      });
      expect(thrown).toBe(reason);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
    });

    it('throws the reason at once when aborted before it starts, and yields no text', async () => {
      const { provider, model } = make();
      const controller = new AbortController();
      const reason = new Error('stopped before the start');
      controller.abort(reason);
      const { parts, thrown } = await readAll(provider.streamReply(request(model({ tokens: 12 }), controller.signal)));
      expect(thrown).toBe(reason);
      expect(parts.filter((part) => part.type !== 'reasoning')).toEqual([]);
    });

    it('reports a failing server as a retryable ProviderError, with a message safe to show', async ({ skip }) => {
      const { provider, model, canFail } = make();
      if (!canFail) skip('nothing behind this provider can fail');
      const { parts, thrown } = await readAll(provider.streamReply(request(model({ tokens: 12, fault: '500' }))));
      expect(thrown).toBeInstanceOf(ProviderError);
      expect((thrown as ProviderError).retryable).toBe(true);
      expect((thrown as ProviderError).safeMessage).toMatch(/\S/);
      expect(parts).toEqual([]);
    });

    it('reports a connection dropped mid-reply as a ProviderError, never as a finished reply', async ({ skip }) => {
      const { provider, model, canFail } = make();
      if (!canFail) skip('nothing behind this provider can fail');
      const { parts, thrown } = await readAll(provider.streamReply(request(model({ tokens: 12, fault: 'drop' }))));
      expect(thrown).toBeInstanceOf(ProviderError);
      expect(parts.some((part) => part.type === 'text')).toBe(true);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
    });
  });
}
