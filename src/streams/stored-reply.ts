/**
 * What the log layer reads of a reply as the store keeps it. Declared here, at the bottom, so that the
 * event log and its cursor depend on no message module: the message store's rows have this shape (and
 * more), and the log's readers fall back to it when the live log cannot answer on its own.
 */
/** `awaiting_approval`: between two turns of its job, a tool call waits for the user; the reply goes on after. */
export type ReplyStatus = 'streaming' | 'awaiting_approval' | 'completed' | 'failed' | 'cancelled';

export interface StoredReply {
  id: string;
  status: ReplyStatus;
  content: string;
  /** The reply's parts as JSON, or null when it is one text part (its content). */
  parts: string | null;
  /** The knowledge steps, as a JSON array of strings. */
  thinking: string;
  /** The sources, as JSON, or null before the knowledge step found any. */
  sources: string | null;
  finish_reason: string | null;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  reasoning_tokens: number | null;
  /** Absent where a reader does not load it. */
  cost_usd?: number | null;
  cost_estimated?: number | null;
}

export const isFinished = (status: ReplyStatus): boolean => status !== 'streaming' && status !== 'awaiting_approval';

/** Finds a stored reply by id (undefined once it is deleted). */
export type FindStoredReply = (messageId: string) => Promise<StoredReply | undefined>;
