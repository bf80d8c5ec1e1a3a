import type { Kysely } from 'kysely';

/**
 * The input tokens each reply's model calls wrote to the provider's prompt cache: Anthropic bills them above
 * the input price, so the cost needs them, also after a wait for approval. Null where the provider said nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('cache_write_tokens', 'integer').execute();
}
