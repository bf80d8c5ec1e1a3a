import { toolResultText } from '../../replies/reply-turns.ts';
import type { Hotline } from '../../hotline.ts';
import { isFinished, type MessageRow } from '../../messages/message.ts';
import { argumentsTextOf } from '../../providers/tool-arguments.ts';
import type { Usage } from '../../streams/reply-events.ts';
import { partsOfRow, type StoredPart, type ToolCallPart, type ToolResultPart } from '../../streams/reply-parts.ts';
import { usageNumbers } from '../openai/input-messages.ts';

/** A Response's id is its reply's message id, so a response and its chat's message are one thing. */
export const responseId = (messageId: string): string => `resp_${messageId}`;
export const messageIdOf = (id: string): string | undefined => (id.startsWith('resp_') ? id.slice('resp_'.length) : undefined);

/** The fields of a Response that do not change while it streams. */
export interface ResponseBase {
  id: string;
  object: 'response';
  created_at: number;
  model: string;
  instructions: string | null;
  previous_response_id: string | null;
  background: boolean | null;
  [field: string]: unknown;
}

export type OutputItem = Record<string, unknown>;

export async function responseBase(hotline: Hotline, row: MessageRow, background: boolean | null = null): Promise<ResponseBase> {
  const chat = await hotline.chats.find(row.user_id, row.chat_id);
  const question = row.reply_to === null ? undefined : await hotline.messages.findById(row.reply_to);
  const previous = question?.parent_id == null ? undefined : await hotline.messages.findById(question.parent_id);
  return {
    id: responseId(row.id),
    object: 'response',
    created_at: Math.floor(Date.parse(row.created_at) / 1000),
    model: row.model ?? '',
    instructions: chat?.system ?? null,
    previous_response_id: previous?.role === 'assistant' ? responseId(previous.id) : null,
    background,
    // The chat's tools, which the reply's function calls name; they run on the server.
    tools: hotline.tools.specs(chat?.tools ?? []).map((tool) => ({
      type: 'function',
      name: tool.name,
      description: tool.description,
      parameters: tool.inputSchema,
      strict: false,
    })),
    tool_choice: 'auto',
    parallel_tool_calls: true,
    temperature: null,
    top_p: null,
    metadata: {},
    text: { format: { type: 'text' } },
    truncation: 'disabled',
    store: true,
  };
}

/** Output items' ids: the reply's id and the part's start, the same in a stream and in a stored Response. */
export const reasoningItem = (messageId: string, at: number, text: string): OutputItem => ({
  type: 'reasoning',
  id: `rs_${messageId}_${at}`,
  summary: text === '' ? [] : [{ type: 'summary_text', text }],
});

export const messageItem = (messageId: string, at: number, text: string, status: string): OutputItem => ({
  type: 'message',
  id: `msg_${messageId}_${at}`,
  role: 'assistant',
  status,
  content: text === '' && status === 'in_progress' ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }],
});

/**
 * A tool call is a `function_call` item and its result a `function_call_output` item (the output as the model
 * read it, or why there is none), each where it is in the reply: the tools run on the server, which answers them.
 */
export const functionCallItem = (messageId: string, call: Omit<ToolCallPart, 'type'>): OutputItem => ({
  type: 'function_call',
  id: `fc_${messageId}_${call.at}`,
  call_id: call.toolCallId,
  name: call.name,
  arguments: argumentsTextOf(call.input),
  status: 'completed',
});

export const functionCallOutputItem = (messageId: string, result: Omit<ToolResultPart, 'type'>): OutputItem => ({
  type: 'function_call_output',
  id: `fco_${messageId}_${result.at}`,
  call_id: result.toolCallId,
  output: toolResultText(result),
  status: 'completed',
});

/** A stored part as its output item. */
export function outputItemOf(messageId: string, part: StoredPart, messageStatus: string): OutputItem {
  switch (part.type) {
    case 'reasoning':
      return reasoningItem(messageId, part.at, part.text);
    case 'text':
      return messageItem(messageId, part.at, part.text, messageStatus);
    case 'tool-call':
      return functionCallItem(messageId, part);
    case 'tool-result':
      return functionCallOutputItem(messageId, part);
  }
}

export function responseUsage(usage: Usage) {
  const n = usageNumbers(usage);
  return {
    input_tokens: n.input,
    input_tokens_details: { cached_tokens: n.cached },
    output_tokens: n.output,
    output_tokens_details: { reasoning_tokens: n.reasoning },
    total_tokens: n.input + n.output,
  };
}

/** How a Response ends, from how its reply ended: its status, and why it is incomplete or failed. */
export function ending(status: MessageRow['status'], finishReason: string | null, error: string | null) {
  if (status === 'failed') return { status: 'failed', error: { code: 'server_error', message: error ?? 'The reply failed.' }, incomplete_details: null };
  if (status === 'cancelled') return { status: 'cancelled', error: null, incomplete_details: null };
  if (finishReason === 'length') return { status: 'incomplete', error: null, incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason === 'content-filter' || finishReason === 'content_filter')
    return { status: 'incomplete', error: null, incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', error: null, incomplete_details: null };
}

/** The Response of a reply as it is stored now: `queued` until a job takes it, then `in_progress`, then its ending. */
export function responseOf(base: ResponseBase, row: MessageRow) {
  // A reply that waits for an approval is still in progress: it goes on once the user decides.
  const streaming = !isFinished(row.status);
  const end = streaming
    ? { status: row.started_at === null ? 'queued' : 'in_progress', error: null, incomplete_details: null }
    : ending(row.status, row.finish_reason, row.error);
  const itemStatus = streaming ? 'in_progress' : end.status === 'completed' ? 'completed' : 'incomplete';
  const usage = {
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedInputTokens: row.cached_input_tokens,
    reasoningTokens: row.reasoning_tokens,
  };
  return {
    ...base,
    ...end,
    output: partsOfRow(row).map((part) => outputItemOf(row.id, part, itemStatus)),
    output_text: row.content,
    usage: streaming ? null : responseUsage(usage),
  };
}
