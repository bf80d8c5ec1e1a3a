import type { Kysely } from 'kysely';

/**
 * A reply's parts (reasoning and text, in order, with their positions: streams/reply-parts.ts), and the
 * reasoning tokens of its usage. `parts` stays null for a reply that is one text part: its content is it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('parts', 'text').execute();
  await db.schema.alterTable('messages').addColumn('reasoning_tokens', 'integer').execute();
}
