import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The knowledge base: documents, their chunks, and a full-text index over the chunks. The index is the
 * one place the two databases differ: an FTS5 table (BM25) in SQLite, a generated tsvector column with a
 * GIN index in PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('chunk_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_by_user').on('documents').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('chunks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('embedding', 'text')
    .execute();
  await db.schema.createIndex('chunks_by_document').on('chunks').columns(['document_id', 'ordinal']).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table chunks add column search tsvector generated always as (
      setweight(to_tsvector('english', heading), 'A') || setweight(to_tsvector('english', text), 'B')) stored`.execute(db);
    await sql`create index chunks_search on chunks using gin (search)`.execute(db);
    await sql`create index chunks_by_user on chunks (user_id)`.execute(db);
  } else {
    await sql`create virtual table chunks_fts using fts5(
      chunk_id unindexed, user_id unindexed, heading, text, tokenize = 'porter unicode61')`.execute(db);
  }
}
