import type { Kysely } from 'kysely';

/**
 * The tokens a reply's cost was counted from: the provider's figures, or Hotline's own count when the
 * provider reported none (an `estimated` cost), so that what a user is shown to have used adds up to what
 * they are charged. The reply's `input_tokens` and `output_tokens` stay what the provider reported.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('cost_input_tokens', 'integer').execute();
  await db.schema.alterTable('messages').addColumn('cost_output_tokens', 'integer').execute();
}
