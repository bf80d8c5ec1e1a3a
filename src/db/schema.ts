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
  chunks: ChunksTable;
  attachments: AttachmentsTable;
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
  status: 'streaming' | 'completed' | 'failed' | 'cancelled';
  model: string | null;
  finish_reason: string | null;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_input_tokens: number | null;
  reasoning_tokens: number | null;
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
}

