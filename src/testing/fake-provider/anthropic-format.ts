import { randomId, type ReplyContext, type WireFormat } from './wire-format.ts';

/**
 * Anthropic Messages streaming, frame for frame as api.anthropic.com sends it:
 * message_start, content_block_start, ping, one content_block_delta per token,
 * content_block_stop, message_delta (stop reason + output tokens), message_stop. With reasoning,
 * a thinking block (thinking_delta per token, then signature_delta) comes first, as block 0.
 * Every frame carries both the `event:` line and the same `type` in its data.
 */
export const anthropicFormat: WireFormat = {
  path: '/v1/messages',
  requestIdHeader: 'request-id',
  newResponseId: () => `msg_${randomId(24)}`,

  errorBody(status, message, requestId) {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message }, request_id: requestId };
  },

  head(ctx) {
    return (
      event('message_start', {
        message: {
          id: ctx.id,
          type: 'message',
          role: 'assistant',
          model: ctx.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          // Anthropic's input_tokens excludes cache reads and writes; clients add them back.
          usage: {
            input_tokens: ctx.inputTokens - ctx.cachedTokens - ctx.cacheWriteTokens,
            cache_creation_input_tokens: ctx.cacheWriteTokens,
            cache_read_input_tokens: ctx.cachedTokens,
            output_tokens: 1,
            service_tier: 'standard',
          },
        },
      }) +
      (ctx.reasoningTokens > 0
        ? event('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } })
        : event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })) +
      event('ping', {})
    );
  },

  reasoning(_ctx, thinking) {
    return event('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking } });
  },

  afterReasoning(ctx) {
    // The signature that lets a later request hand the thinking back, then the text's own block.
    return (
      event('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: ctx.thinkingSignature } }) +
      event('content_block_stop', { index: 0 }) +
      event('content_block_start', { index: 1, content_block: { type: 'text', text: '' } })
    );
  },

  token(ctx, text) {
    return event('content_block_delta', { index: textIndex(ctx), delta: { type: 'text_delta', text } });
  },

  tail(ctx, outputTokens) {
    const usage = {
      output_tokens: outputTokens,
      ...(ctx.reasoningTokens > 0 ? { output_tokens_details: { thinking_tokens: Math.min(ctx.reasoningTokens, outputTokens) } } : {}),
    };
    return (
      event('content_block_stop', { index: textIndex(ctx) }) +
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage }) +
      event('message_stop', {})
    );
  },

  // A step that calls tools writes no text: the block the head opened (thinking or text) closes first, and
  // each call is a tool_use block after it, its input streamed as input_json_delta fragments.
  toolCallStart(ctx, call, index) {
    const first =
      index > 0
        ? ''
        : ctx.reasoningTokens > 0
          ? event('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: ctx.thinkingSignature } }) +
            event('content_block_stop', { index: 0 })
          : event('content_block_stop', { index: 0 });
    return first + event('content_block_start', { index: index + 1, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
  },

  toolCallFragment(_ctx, _call, index, fragment) {
    return event('content_block_delta', { index: index + 1, delta: { type: 'input_json_delta', partial_json: fragment } });
  },

  toolCallEnd(_ctx, _call, index) {
    return event('content_block_stop', { index: index + 1 });
  },

  toolTail(ctx, outputTokens) {
    const usage = {
      output_tokens: outputTokens,
      ...(ctx.reasoningTokens > 0 ? { output_tokens_details: { thinking_tokens: Math.min(ctx.reasoningTokens, outputTokens) } } : {}),
    };
    return event('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage }) + event('message_stop', {});
  },

  malformed() {
    return 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"trunc\n\n';
  },
};

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
};

const textIndex = (ctx: ReplyContext) => (ctx.reasoningTokens > 0 ? 1 : 0);

function event(type: string, fields: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
}
