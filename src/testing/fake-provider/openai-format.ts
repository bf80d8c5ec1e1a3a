import { randomId, sseData, type ReplyContext, type WireFormat } from './wire-format.ts';

/**
 * OpenAI chat-completions streaming, frame for frame as api.openai.com sends
 * it: a role chunk with empty content, one chunk per token (reasoning first, in
 * `reasoning_content` or `reasoning` as the servers that reason send it), a finish chunk
 * with an empty delta, then (only when `stream_options.include_usage` was
 * requested) a usage chunk with `choices: []`, then `data: [DONE]`.
 */
export const openaiFormat: WireFormat = {
  path: '/v1/chat/completions',
  requestIdHeader: 'x-request-id',
  newResponseId: () => `chatcmpl-${randomId(29)}`,

  errorBody(status, message) {
    const [type, code] = ERROR_KINDS[status] ?? ['server_error', null];
    return { error: { message, type, param: null, code } };
  },

  head(ctx) {
    return sseData(
      chunk(ctx, [
        {
          index: 0,
          delta: { role: 'assistant', content: '', refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
  },

  reasoning(ctx, text) {
    return sseData(
      chunk(ctx, [
        {
          index: 0,
          delta: { [ctx.reasoningField]: text },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
  },

  afterReasoning() {
    return '';
  },

  token(ctx, text) {
    return sseData(
      chunk(ctx, [
        {
          index: 0,
          delta: { content: text },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
  },

  toolCallStart(ctx, call, index) {
    const delta = {
      tool_calls: [
        {
          index,
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: '' },
        },
      ],
    };
    return sseData(chunk(ctx, [{ index: 0, delta, logprobs: null, finish_reason: null }]));
  },

  toolCallFragment(ctx, _call, index, fragment) {
    return sseData(
      chunk(ctx, [
        {
          index: 0,
          delta: { tool_calls: [{ index, function: { arguments: fragment } }] },
          logprobs: null,
          finish_reason: null,
        },
      ]),
    );
  },

  toolCallEnd() {
    return '';
  },

  toolTail(ctx, outputTokens) {
    return openaiTail(ctx, outputTokens, 'tool_calls');
  },

  tail(ctx, outputTokens) {
    return openaiTail(ctx, outputTokens, 'stop');
  },

  malformed(ctx) {
    return `data: {"id":"${ctx.id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"trunc\n\n`;
  },
};

function openaiTail(ctx: ReplyContext, outputTokens: number, finishReason: string): string {
  let frames = sseData(chunk(ctx, [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
  if (ctx.includeUsage) {
    frames += sseData({
      ...chunk(ctx, []),
      usage: {
        prompt_tokens: ctx.inputTokens,
        completion_tokens: outputTokens,
        total_tokens: ctx.inputTokens + outputTokens,
        prompt_tokens_details: {
          cached_tokens: ctx.cachedTokens,
          audio_tokens: 0,
        },
        completion_tokens_details: {
          reasoning_tokens: Math.min(ctx.reasoningTokens, outputTokens),
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
  }
  return frames + 'data: [DONE]\n\n';
}

// Status -> [error.type, error.code] as the real API reports them.
const ERROR_KINDS: Record<number, [string, string | null]> = {
  400: ['invalid_request_error', null],
  404: ['invalid_request_error', null],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', null],
};

function chunk(ctx: ReplyContext, choices: unknown[]) {
  return {
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake0000',
    choices,
    // With include_usage the real API puts `usage: null` on every chunk but the last.
    ...(ctx.includeUsage ? { usage: null } : {}),
  };
}
