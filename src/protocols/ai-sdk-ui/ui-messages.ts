import type { MessageRow } from '../../messages/message.ts';
import type { Source } from '../../streams/reply-events.ts';
import { partsOfRow } from '../../streams/reply-parts.ts';
import { replyMetadata } from './ui-message-encoder.ts';

/**
 * A stored message as the AI SDK's UIMessage, in the parts and ids its stream gives (see
 * UiMessageEncoder), so `useChat`'s initial messages and a streamed reply look alike.
 */
export function toUiMessage(row: MessageRow): { id: string; role: string; parts: object[]; metadata?: object } {
  if (row.role !== 'assistant') return { id: row.id, role: row.role, parts: [{ type: 'text', text: row.content }] };
  const parts: object[] = [{ type: 'step-start' }];
  (JSON.parse(row.thinking) as string[]).forEach((step, n) => parts.push({ type: 'data-thinking', id: `thinking-${n}`, data: { step } }));
  const sources = row.sources === null ? [] : (JSON.parse(row.sources) as Source[]);
  sources.forEach((source, i) =>
    parts.push({
      type: 'source-document',
      sourceId: `source-${i}`,
      mediaType: 'text/plain',
      title: source.title,
      providerMetadata: { hotline: { excerpt: source.excerpt, relevance: source.relevance, url: source.url ?? null } },
    }),
  );
  const state = row.status === 'streaming' ? 'streaming' : 'done';
  // Reasoning parts keep the id their stream gave them (the AI SDK shows it); text parts have none.
  // Tool calls and results are not mapped to this protocol's tool parts yet (issue 14 follows issue 13).
  for (const part of partsOfRow(row))
    if (part.type === 'text' || part.type === 'reasoning')
      parts.push({ type: part.type, ...(part.type === 'reasoning' ? { id: `reasoning-${part.at}` } : {}), text: part.text, state });
  const usage = {
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens,
    reasoningTokens: row.reasoning_tokens,
  };
  return { id: row.id, role: 'assistant', parts, metadata: replyMetadata(usage) };
}
