import type { Cost } from '../costs/reply-cost.ts';
import type { Usage } from '../streams/reply-events.ts';
import { genAi, genAiOperations } from '../tracing/gen-ai-attributes.ts';
import type { Span, TraceCarrier, Tracing } from '../tracing/tracing.ts';

/**
 * The span of a generation job, in the GenAI semantic conventions: a `chat` with the reply's model,
 * continuing the trace of the request that asked for the reply (carried by the job, through the queue).
 * Its tool calls and knowledge search are its children.
 */
export function generationSpan(
  tracing: Pick<Tracing, 'start'>,
  from: TraceCarrier | undefined,
  reply: { id: string; chat_id: string; model: string | null },
): Span {
  const model = reply.model ?? '';
  const colon = model.indexOf(':');
  const [provider, name] = colon > 0 ? [model.slice(0, colon), model.slice(colon + 1)] : [model, model];
  return tracing.start(`${genAiOperations.chat} ${name}`, {
    kind: 'client',
    ...(from ? { from } : {}),
    attributes: {
      [genAi.operationName]: genAiOperations.chat,
      [genAi.providerName]: provider,
      [genAi.system]: provider,
      [genAi.requestModel]: name,
      [genAi.conversationId]: reply.chat_id,
      'hotline.message.id': reply.id,
    },
  });
}

/** How a generation went, said on its span: the usage of all its model calls, why it finished, when its first token came, what it cost. */
export function describeGeneration(
  run: { span: Span; startedAt: number; attempts: number },
  reply: { usage: Usage; timeToFirstTokenMs: number | null },
  outcome: { status: string; error: string | null; finishReason: string | null; cost: Cost | null | undefined },
): void {
  const { span } = run;
  const { usage, timeToFirstTokenMs: ttft } = reply;
  span.set({
    [genAi.inputTokens]: usage.inputTokens ?? undefined,
    [genAi.outputTokens]: usage.outputTokens ?? undefined,
    [genAi.cacheReadInputTokens]: usage.cachedInputTokens ?? undefined,
    [genAi.reasoningOutputTokens]: usage.reasoningTokens ?? undefined,
    [genAi.finishReasons]: outcome.finishReason ? [outcome.finishReason] : undefined,
    [genAi.timeToFirstChunk]: ttft === null ? undefined : ttft / 1000,
    'hotline.reply.status': outcome.status,
    'hotline.provider.attempts': run.attempts,
    'hotline.cost.usd': outcome.cost?.usd,
    'hotline.cost.estimated': outcome.cost?.estimated,
  });
  // The same moment on the span's timeline, where a slow start shows at a glance.
  if (ttft !== null) span.event('first token', {}, run.startedAt + ttft);
  if (outcome.status === 'failed') span.fail('generation_failed', outcome.error ?? undefined);
}
