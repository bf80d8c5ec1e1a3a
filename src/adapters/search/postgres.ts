import { sql } from 'kysely';
import type { SearchIndex } from '../../knowledge/search-index.ts';

/** PostgreSQL full-text search over the generated `search` tsvector (GIN-indexed), ranked by ts_rank_cd. */
export const postgresSearchIndex: SearchIndex = {
  // The tsvector is a generated column: inserting the chunk indexes it.
  async add() {},
  async removeDocument() {},

  async search(db, userId, words, limit) {
    const lexemes = words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
    if (lexemes.length === 0) return [];
    // to_tsquery stems each word like the index; '|' makes it any-word, ranked by how much matches.
    const query = lexemes.join(' | ');
    const { rows } = await sql<{ id: string; score: number }>`
      select id, ts_rank_cd(search, query, 32) as score
      from chunks, to_tsquery('english', ${query}) query
      where user_id = ${userId} and search @@ query
      order by score desc limit ${limit}`.execute(db);
    return rows.map((r) => ({ chunkId: r.id, score: Number(r.score) }));
  },
};
