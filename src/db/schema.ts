import type { Generated } from 'kysely';
import type { AttachmentsTable } from '../attachments/attachments-table.ts';

export type { AttachmentsTable };

/** The tables as Kysely sees them. Timestamps are ISO-8601 strings, so both SQLite and PostgreSQL sort them as text. */
export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  chats: ChatsTable;
  messages: MessagesTable;
  documents: DocumentsTable;
  spending: SpendingTable;
  title_costs: TitleCostsTable;
  chunks: ChunksTable;
  server_secrets: ServerSecretsTable;
  attachments: AttachmentsTable;
  tool_decisions: ToolDecisionsTable;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
}

/** The user's decision on a tool call that waited for approval (1 approved, 0 denied). */
export interface ToolDecisionsTable {
  message_id: string;
  tool_call_id: string;
  approved: number;
  decided_at: string;
}

export interface DocumentsTable {
  id: string;
  user_id: string;
  title: string;
  url: string | null;
  type: 'markdown' | 'text' | 'html';
  chunk_count: number;
  created_at: string;
}

export interface ChunksTable {
  id: string;
  document_id: string;
  user_id: string;
  ordinal: number;
  heading: string;
  text: string;
  /** JSON array, when an embeddings model is configured. */
  embedding: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: string;
  /** This user's monthly budget in USD, over HOTLINE_BUDGET_USD_PER_MONTH; null: the configured one. */
  budget_usd: Generated<number | null>;
}

/** What writing one chat title cost (the chat may be gone since: its cost stays with its user). */
export interface TitleCostsTable {
  id: string;
  user_id: string;
  model: string;
  /** Null for a model with no price. */
  usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: string;
}

/** A user's spending in one calendar month (`YYYY-MM`, UTC), in USD, streaming replies' reservations included. */
export interface SpendingTable {
  user_id: string;
  month: string;
  usd: number;
}

export interface ApiTokensTable {
  token_hash: string;
  user_id: string;
  created_at: string;
}

export interface ChatsTable {
  id: string;
  user_id: string;
  title: string;
  model: string;
  system: string | null;
  knowledge_base: number;
  created_at: string;
  /** 1 while the chat waits for a title written by its model (it was made without one). */
  title_pending: Generated<number>;
  /** The last message of the chat's current path (null while the chat is empty). */
  current_message_id: string | null;
  /** JSON array: the names of the tools its replies may call. */
  tools: Generated<string>;
}

export interface MessagesTable {
  id: string;
  chat_id: string;
  user_id: string;
  /** For an assistant message, the user message it answers. */
  reply_to: string | null;
  /** The message this one follows in the chat's tree (null for a first message); versions share it. */
  parent_id: string | null;
  role: 'user' | 'assistant' | 'system';
  content: string;
  /** JSON: the reply's parts (streams/reply-parts.ts); null when it is one text part, its content. */
  parts: string | null;
  status: 'streaming' | 'awaiting_approval' | 'completed' | 'failed' | 'cancelled';
  model: string | null;
  finish_reason: string | null;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  reasoning_tokens: number | null;
  /** Input tokens the provider wrote to its prompt cache (billed apart, never shown); null when it said nothing of it. */
  cache_write_tokens: number | null;
  thinking: string;
  /** JSON `[{id, name, type, bytes}]`: the files a user message carries; null when none. */
  attachments: string | null;
  /** JSON; null when the reply did not search the knowledge base, `[]` when it found nothing. */
  sources: string | null;
  first_token_ms: number | null;
  duration_ms: number | null;
  created_at: string;
  /** Set when a generation job claims the reply; a reply never claimed can be cancelled without its job. */
  started_at: string | null;
  /** Moves on every write of a streaming reply, so the stale sweep can tell a live job from a lost one. */
  updated_at: string;
  completed_at: string | null;
  /** What the reply cost; null while it streams, and for a model with no price. */
  cost_usd: Generated<number | null>;
  /** 1 when Hotline counted the tokens (the provider reported no usage). */
  cost_estimated: Generated<number | null>;
  /** The tokens the cost was counted from (Hotline's count when estimated); null without a cost. */
  cost_input_tokens: Generated<number | null>;
  cost_output_tokens: Generated<number | null>;
  /** What the reply holds of its user's budget while it streams (costs/reply-budget.ts). */
  budget_reserved_usd: Generated<number>;
  /** JSON: the tools its client declared (`ToolSpec[]`), whose calls are handed back to it; null for most replies. */
  client_tools: Generated<string | null>;
}
