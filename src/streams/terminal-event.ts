import { shownUsage, type ReplyCost, type TerminalEvent, type Usage } from './reply-events.ts';
import type { ReplyStatus, StoredReply } from './stored-reply.ts';

/** The last event of a reply, the same whether it comes from the job's ending or from the stored message. */
export function terminalEventOf(ended: {
  status: ReplyStatus;
  finishReason: string | null;
  error: string | null;
  usage: Usage;
  cost?: ReplyCost;
}): TerminalEvent {
  if (ended.status === 'failed') return { type: 'error', status: 'failed', message: ended.error ?? 'The reply failed.' };
  return {
    type: 'done',
    status: ended.status === 'cancelled' ? 'cancelled' : 'completed',
    finishReason: ended.finishReason,
    usage: shownUsage(ended.usage),
    ...(ended.cost !== undefined ? { cost: ended.cost } : {}),
  };
}

export const terminalEventOfRow = (row: StoredReply): TerminalEvent =>
  terminalEventOf({
    status: row.status,
    finishReason: row.finish_reason,
    error: row.error,
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cachedInputTokens: row.cached_input_tokens,
      reasoningTokens: row.reasoning_tokens,
    },
    ...(row.cost_usd !== undefined ? { cost: storedCost(row) } : {}),
  });

/** A stored reply's cost as the API shows it. */
export const storedCost = (row: { cost_usd?: number | null; cost_estimated?: number | null }): ReplyCost =>
  row.cost_usd === null || row.cost_usd === undefined ? null : { usd: row.cost_usd, estimated: row.cost_estimated === 1 };
