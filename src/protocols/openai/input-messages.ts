import { z } from 'zod';
import { HttpError } from '../../http/http-error.ts';

/** A message's content as OpenAI clients send it: a string, or parts of which the text ones are read. */
export const messageContent = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]);

export const inputMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: messageContent.optional(),
});

export type InputMessage = z.infer<typeof inputMessage>;

const textOf = (content: z.infer<typeof messageContent> | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

/**
 * What a conversation sent the OpenAI way becomes in Hotline: the system and developer messages as the
 * chat's system prompt, the earlier user and assistant messages as its history, and the last message,
 * which must be the user's, as the question.
 */
export function conversationOf(messages: InputMessage[], maxContentBytes: number) {
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content));
  const said = messages.filter((m) => m.role === 'user' || m.role === 'assistant');
  const last = said.at(-1);
  if (!last || last.role !== 'user' || messages.at(-1) !== last) throw new HttpError(400, 'invalid_request', 'messages: the last message must be the user’s');
  const question = textOf(last.content);
  if (question.trim() === '') throw new HttpError(400, 'invalid_request', 'messages: the last message has no text');
  if (Buffer.byteLength(question) > maxContentBytes) throw new HttpError(413, 'too_large', `content: must be at most ${maxContentBytes} bytes`);
  const history = said.slice(0, -1).map((m) => ({ role: m.role as 'user' | 'assistant', content: textOf(m.content) }));
  return { system: system.length > 0 ? system.join('\n\n') : undefined, history, question };
}

/** OpenAI's usage object, from Hotline's. */
export const usageNumbers = (usage: {
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
}) => ({
  input: usage.inputTokens ?? 0,
  output: usage.outputTokens ?? 0,
  cached: usage.cachedInputTokens ?? 0,
  reasoning: usage.reasoningTokens ?? 0,
});
