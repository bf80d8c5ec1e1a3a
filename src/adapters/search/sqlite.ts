import { sql } from 'kysely';
import type { SearchIndex } from '../../knowledge/search-index.ts';

/** FTS5 with the porter stemmer, ranked by BM25 (headings weigh twice the body). */
export const sqliteSearchIndex: SearchIndex = {
  async add(trx, chunks) {
    for (const chunk of chunks) {
      await sql`insert into chunks_fts (chunk_id, user_id, heading, text) values (${chunk.id}, ${chunk.userId}, ${chunk.heading}, ${chunk.text})`.execute(trx);
    }
  },

  async removeDocument(trx, documentId) {
    await sql`delete from chunks_fts where chunk_id in (select id from chunks where document_id = ${documentId})`.execute(trx);
  },

  async search(db, userId, words, limit) {
    if (words.length === 0) return [];
    // Each word quoted: FTS5 operators or punctuation in a question must not change the query's meaning.
    const match = words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' OR ');
    const { rows } = await sql<{ chunk_id: string; score: number }>`
      select chunk_id, bm25(chunks_fts, 0, 0, 2.0, 1.0) as score from chunks_fts
      where chunks_fts match ${match} and user_id = ${userId}
      order by score limit ${limit}`.execute(db);
    // BM25 in FTS5 is negative, better when lower.
    return rows.map((r) => ({ chunkId: r.chunk_id, score: -r.score }));
  },
};
