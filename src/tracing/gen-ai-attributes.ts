/**
 * The names of the OpenTelemetry GenAI semantic conventions Hotline's spans use. They are still
 * incubating (and moving to their own repository), so, as OpenTelemetry advises for incubating names,
 * they are copied here rather than imported from `@opentelemetry/semantic-conventions/incubating`.
 * https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/
 */
export const genAi = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** The older name of the provider, which many tracing backends still read. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  conversationId: 'gen_ai.conversation.id',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  reasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
  /** In seconds, from the request to the first piece of the stream. */
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  dataSourceId: 'gen_ai.data_source.id',
} as const;

export const genAiOperations = { chat: 'chat', executeTool: 'execute_tool', retrieval: 'retrieval' } as const;
