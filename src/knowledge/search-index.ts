import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface Candidate {
  chunkId: string;
  /** The backend's own score (BM25, ts_rank): only its order means anything. */
  score: number;
}

/**
 * The full-text index over chunks, the knowledge base's only database-specific part: SQLite FTS5 with
 * BM25 embedded, PostgreSQL full-text search scaled out. Both take the same words and OR them, so a
 * question need not repeat a passage's exact wording.
 */
export interface SearchIndex {
  add(trx: Transaction<Database>, chunks: Array<{ id: string; userId: string; heading: string; text: string }>): Promise<void>;
  removeDocument(trx: Transaction<Database>, documentId: string): Promise<void>;
  search(db: Kysely<Database>, userId: string, words: string[], limit: number): Promise<Candidate[]>;
}
