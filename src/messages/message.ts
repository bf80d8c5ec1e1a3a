import type { Selectable } from 'kysely';
import type { MessagesTable } from '../db/schema.ts';
import type { BilledUsage, ReplyCost, Source, Usage } from '../streams/reply-events.ts';
import { storedCost } from '../streams/terminal-event.ts';
import { apiAttachment, filesOf } from '../attachments/attached-file.ts';
import { apiParts, partsOfRow, type ApiPart } from '../streams/reply-parts.ts';

export type ApiAttachment = ReturnType<typeof apiAttachment>;
export type MessageRow = Selectable<MessagesTable>;
export type MessageStatus = MessagesTable['status'];

/** A message as the API shows it. */
export interface Message {
  id: string;
  chatId: string;
  /** The message this one follows (null for a chat's first message). */
  parentId: string | null;
  /** Every message with the same parent and role, itself included, oldest first. */
  versions: string[];
  role: MessagesTable['role'];
  content: string;
  parts: ApiPart[];
  /** The files a user message carries. */
  attachments: ApiAttachment[];
  status: MessageStatus;
  model: string | null;
  finishReason: string | null;
  error: string | null;
  usage: Usage;
  /** What the reply cost, once it ended; null for a model with no price. */
  cost: ReplyCost;
  thinking: string[];
  sources: Source[];
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  createdAt: string;
  completedAt: string | null;
}

export function toMessage(row: MessageRow, versions: string[]): Message {
  return {
    id: row.id,
    chatId: row.chat_id,
    parentId: row.parent_id,
    versions,
    role: row.role,
    content: row.content,
    parts: apiParts(partsOfRow(row), row.status),
    attachments: filesOf(row.attachments).map(apiAttachment),
    status: row.status,
    model: row.model,
    finishReason: row.finish_reason,
    error: row.error,
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cachedInputTokens: row.cached_input_tokens,
      reasoningTokens: row.reasoning_tokens,
    },
    cost: storedCost(row),
    thinking: JSON.parse(row.thinking) as string[],
    sources: row.sources === null ? [] : (JSON.parse(row.sources) as Source[]),
    timeToFirstTokenMs: row.first_token_ms,
    durationMs: row.duration_ms,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export { isFinished } from '../streams/stored-reply.ts';

/** The usage a reply's earlier model calls reported, as stored with it (a reply waiting for an approval has some). */
export const storedUsageOf = (row: MessageRow): BilledUsage => ({
  inputTokens: row.input_tokens,
  outputTokens: row.output_tokens,
  cachedInputTokens: row.cached_input_tokens,
  reasoningTokens: row.reasoning_tokens,
  cacheWriteTokens: row.cache_write_tokens,
});
