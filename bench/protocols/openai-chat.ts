import type { BenchProtocol } from './bench-protocol.ts';

/** OpenAI Chat Completions: each subscriber posts its own streaming completion, which starts its reply. */
export const openAiChatProtocol: BenchProtocol = {
  name: 'openai-chat',
  title: 'streaming Chat Completions (POST /v1/chat/completions)',
  startsTheReply: true,
  note: 'each stream is the answer to the request that starts its reply, so one subscriber per reply, no drop-and-resume (Chat Completions has no resume) and no idle streams (each would be a reply of its own)',
  start: (model) => ({
    method: 'POST',
    path: '/v1/chat/completions',
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
  }),
  read(event) {
    if (event.data === '[DONE]') return { ending: 'done' };
    const chunk = JSON.parse(event.data) as { error?: unknown; choices?: Array<{ delta?: { content?: string } }> };
    if (chunk.error) return { ending: 'error' };
    const text = chunk.choices?.[0]?.delta?.content;
    return text ? { text } : {};
  },
};
