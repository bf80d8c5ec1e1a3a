import type { MessageRow } from '../messages/message.ts';
import type { Ending } from '../messages/message-store.ts';
import type { TerminalEvent, Usage } from './reply-events.ts';

/** The last event of a reply, the same whether it comes from the job's ending or from the stored message. */
export function terminalEventOf(ended: {
  status: MessageRow['status'];
  finishReason: string | null;
  error: string | null;
  usage: Usage;
}): TerminalEvent {
  if (ended.status === 'failed') return { type: 'error', status: 'failed', message: ended.error ?? 'The reply failed.' };
  return {
    type: 'done',
    status: ended.status === 'cancelled' ? 'cancelled' : 'completed',
    finishReason: ended.finishReason,
    usage: ended.usage,
  };
}

export const terminalEventOfRow = (row: MessageRow): TerminalEvent =>
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
  });

export const terminalEventOfEnding = (ending: Ending): TerminalEvent => terminalEventOf(ending);
