import type { Source, TerminalEvent } from './reply-events.ts';

/**
 * What a subscriber is sent; a delta, reasoning, tool-call or tool-result frame carries the position it reaches, which becomes
 * its resume id (`ms`: how long the model had been reasoning by then).
 */
export type ReplyFrame =
  /** `n`: the step's index among the stored steps; absent for a passing notice (a place in the queue), never stored. */
  | { type: 'thinking'; step: string; n?: number }
  | { type: 'sources'; sources: Source[] }
  | { type: 'delta'; text: string; position: number }
  | { type: 'reasoning'; text: string; position: number; ms: number }
  /** `approval`: the call needs the user's decision before it runs. */
  | { type: 'tool-call'; toolCallId: string; name: string; input: unknown; approval?: boolean; position: number }
  | { type: 'tool-result'; toolCallId: string; name: string; output?: unknown; error?: string; position: number }
  /** State: the call waits for the user's decision (sent on every connection while it does). */
  | { type: 'approval'; toolCallId: string; name: string; input: unknown }
  | TerminalEvent;
