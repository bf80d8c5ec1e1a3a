import type { Kysely, Selectable } from 'kysely';
import type { ChunksTable, Database, DocumentsTable } from '../db/schema.ts';
import type { Candidate, SearchIndex } from './search-index.ts';

export interface KnowledgeDocument {
  id: string;
  title: string;
  url: string | null;
  type: DocumentsTable['type'];
  chunks: number;
  createdAt: string;
}

export type StoredChunk = Selectable<ChunksTable> & { document_title: string; document_url: string | null };

const toDocument = (row: Selectable<DocumentsTable>): KnowledgeDocument => ({
  id: row.id,
  title: row.title,
  url: row.url,
  type: row.type,
  chunks: row.chunk_count,
  createdAt: row.created_at,
});

/** A user's documents, their chunks and the chunks' index, written together or not at all. */
export class DocumentStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly searchIndex: SearchIndex,
  ) {}

  async add(
    document: Omit<Selectable<DocumentsTable>, 'chunk_count'>,
    chunks: Array<{ id: string; heading: string; text: string }>,
  ): Promise<KnowledgeDocument> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('documents')
        .values({ ...document, chunk_count: chunks.length })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (chunks.length > 0) {
        await trx
          .insertInto('chunks')
          .values(chunks.map((c, ordinal) => ({ id: c.id, document_id: document.id, user_id: document.user_id, ordinal, heading: c.heading, text: c.text })))
          .execute();
        await this.searchIndex.add(
          trx,
          chunks.map((c) => ({ ...c, userId: document.user_id })),
        );
      }
      return toDocument(row);
    });
  }

  async list(userId: string): Promise<KnowledgeDocument[]> {
    const rows = await this.db.selectFrom('documents').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toDocument);
  }

  async delete(userId: string, documentId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const owned = await trx.selectFrom('documents').select('id').where('id', '=', documentId).where('user_id', '=', userId).executeTakeFirst();
      if (!owned) return false;
      await this.searchIndex.removeDocument(trx, documentId);
      await trx.deleteFrom('chunks').where('document_id', '=', documentId).execute();
      await trx.deleteFrom('documents').where('id', '=', documentId).execute();
      return true;
    });
  }

  search(userId: string, words: string[], limit: number): Promise<Candidate[]> {
    return this.searchIndex.search(this.db, userId, words, limit);
  }

  /** Chunks by id, always scoped to their owner (a stale index entry can never leak another user's text). */
  async chunks(userId: string, ids: string[]): Promise<StoredChunk[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('chunks')
      .innerJoin('documents', 'documents.id', 'chunks.document_id')
      .selectAll('chunks')
      .select(['documents.title as document_title', 'documents.url as document_url'])
      .where('chunks.id', 'in', ids)
      .where('chunks.user_id', '=', userId)
      .execute();
  }

  async saveEmbedding(chunkId: string, embedding: number[]): Promise<void> {
    await this.db
      .updateTable('chunks')
      .set({ embedding: JSON.stringify(embedding) })
      .where('id', '=', chunkId)
      .execute();
  }
}
