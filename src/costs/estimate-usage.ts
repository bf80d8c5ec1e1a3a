import type { Turn } from '../providers/model-provider.ts';
import type { BilledUsage } from '../streams/reply-events.ts';
import type { StoredPart } from '../streams/reply-parts.ts';
import { countTokens } from './token-count.ts';

/** Tokens the chat formats add around each message (role and separators), as OpenAI documents them. */
const perMessage = 4;

/** What a model was sent, for counting its input tokens. */
export interface SentPrompt {
  system: string | null;
  messages: readonly Turn[];
}

/** The tokens a prompt takes, counted. */
export async function countPromptTokens(prompt: SentPrompt): Promise<number> {
  let total = prompt.system ? perMessage + (await countTokens(prompt.system)) : 0;
  for (const turn of prompt.messages) total += perMessage + (await countTokens(turn.content));
  return total;
}

/** The usage of a reply the provider did not report, counted from what was sent and what came back. */
export async function estimateUsage(prompt: SentPrompt, written: { content: string; parts?: StoredPart[] | null }): Promise<BilledUsage> {
  const reasoning = (written.parts ?? [])
    .filter((p) => p.type === 'reasoning')
    .map((p) => p.text)
    .join('');
  const reasoningTokens = await countTokens(reasoning);
  return {
    inputTokens: await countPromptTokens(prompt),
    outputTokens: (await countTokens(written.content)) + reasoningTokens,
    cachedInputTokens: null,
    reasoningTokens: reasoning ? reasoningTokens : null,
    cacheWriteTokens: null,
  };
}
