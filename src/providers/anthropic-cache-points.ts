import type { LanguageModelV3Message, LanguageModelV3Prompt } from '@ai-sdk/provider';

/** The AI SDK's Anthropic client sends this as the `cache_control` of the message's last block. */
const cachePoint = { anthropic: { cacheControl: { type: 'ephemeral' } } };

/**
 * Marks the stable prefix of a prompt for Anthropic's prompt cache. A breakpoint caches everything up to
 * it (the tools, the system prompt, then the messages), and a later request that starts the same reads
 * it back at a tenth of the input price. Three breakpoints, of the four Anthropic allows:
 * - the system prompt (with the tools before it): the same for every reply of the chat;
 * - the message before the one being answered: the conversation so far, the same in every step of this
 *   reply, and the prefix of the next turn;
 * - in a tool-calling reply's later steps, the last tool results: everything the next step starts with.
 */
export function withCachePoints(prompt: LanguageModelV3Prompt): LanguageModelV3Prompt {
  const question = prompt.findLastIndex((message) => message.role === 'user');
  const marked = new Set([prompt.findIndex((message) => message.role === 'system'), question - 1]);
  if (prompt.at(-1)?.role === 'tool') marked.add(prompt.length - 1);
  return prompt.map((message, i) => (marked.has(i) ? marking(message) : message));
}

const marking = (message: LanguageModelV3Message): LanguageModelV3Message => ({
  ...message,
  providerOptions: { ...message.providerOptions, ...cachePoint },
});
