import { z } from 'zod';
import { HttpError } from '../../http/http-error.ts';
import { toolCallOf } from '../../providers/tool-arguments.ts';
import type { SaidConversation, SaidTurn } from '../../replies/start-reply.ts';
import { ReplyTranscript } from '../../streams/reply-parts.ts';

/** A message's content as OpenAI clients send it: a string, or parts of which the text ones are read. */
export const messageContent = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]);

/** A call an assistant message made, as the client sends it back with the conversation. */
const toolCall = z.looseObject({
  id: z.string().min(1).max(200),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string().min(1).max(200), arguments: z.string() }),
});

export const inputMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: messageContent.optional(),
  tool_calls: z.array(toolCall).nullish(),
  tool_call_id: z.string().max(200).optional(),
});

export type InputMessage = z.infer<typeof inputMessage>;

const textOf = (content: z.infer<typeof messageContent> | undefined): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');

const invalid = (message: string) => new HttpError(400, 'invalid_request', message);

/**
 * What a conversation sent the OpenAI way becomes in Hotline: the system and developer messages as the
 * chat's system prompt, the earlier user and assistant messages as its history, and the last message as the
 * question: the user's, or, after an assistant message whose tool calls the client ran, their results (`tool`
 * messages, one per call), stored with that message so that the model is given them and goes on.
 */
export function conversationOf(messages: InputMessage[], maxContentBytes: number): SaidConversation & { system: string | undefined } {
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content));
  const history: SaidTurn[] = [];
  let calling: { transcript: ReplyTranscript; waiting: Map<string, string> } | undefined;
  for (const [i, m] of messages.entries()) {
    if (m.role === 'system' || m.role === 'developer') continue;
    if (m.role === 'tool') {
      const name = calling?.waiting.get(m.tool_call_id ?? '');
      if (!calling || name === undefined) throw invalid(`messages.${i}: a tool message must answer a tool call of the assistant message before it`);
      calling.waiting.delete(m.tool_call_id!);
      calling.transcript.tool({ type: 'tool-result', toolCallId: m.tool_call_id!, name, output: textOf(m.content) });
      continue;
    }
    if (calling && calling.waiting.size > 0) throw invalid(`messages.${i}: every tool call must be answered by a tool message first`);
    calling = undefined;
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const transcript = new ReplyTranscript();
      if (textOf(m.content) !== '') transcript.text(textOf(m.content));
      for (const call of m.tool_calls) {
        const { type: _type, malformed: _malformed, ...made } = toolCallOf(call.id, call.function.name, call.function.arguments);
        transcript.tool({ type: 'tool-call', ...made });
      }
      calling = { transcript, waiting: new Map(m.tool_calls.map((call) => [call.id, call.function.name])) };
      history.push({ role: 'assistant', content: transcript.content, parts: transcript.parts });
    } else {
      history.push({ role: m.role as 'user' | 'assistant', content: textOf(m.content) });
    }
  }
  const last = messages.at(-1)!;
  if (last.role === 'tool') {
    if (calling!.waiting.size > 0) throw invalid('messages: every tool call must be answered by a tool message');
    if (!history.some((turn) => turn.role === 'user')) throw invalid('messages: there must be a user message');
    return { system: joined(system), history, question: undefined };
  }
  if (last.role !== 'user') throw invalid('messages: the last message must be the user’s, or the results of the tool calls before it');
  const question = history.pop()!.content;
  if (question.trim() === '') throw invalid('messages: the last message has no text');
  if (Buffer.byteLength(question) > maxContentBytes) throw new HttpError(413, 'too_large', `content: must be at most ${maxContentBytes} bytes`);
  return { system: joined(system), history, question };
}

const joined = (system: string[]) => (system.length > 0 ? system.join('\n\n') : undefined);

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
