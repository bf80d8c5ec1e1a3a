import type { Kysely } from 'kysely';

/**
 * What replies cost, and what each user may spend:
 * - a reply's cost (`cost_usd` null: a model with no price) and whether its tokens were counted by Hotline;
 * - `budget_reserved_usd`: what a streaming reply has taken from its user's budget so far, given back or
 *   topped up to its cost when it ends (whoever ends it: the job, a Stop, the stale sweep);
 * - a user's own monthly budget, over `HOTLINE_BUDGET_USD_PER_MONTH`;
 * - `spending`: each user's spending per calendar month (UTC), counted atomically by every process;
 * - `title_costs`: what writing chats' titles cost, which counts toward their users' usage and budgets.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('cost_usd', 'double precision').execute();
  await db.schema.alterTable('messages').addColumn('cost_estimated', 'integer').execute();
  await db.schema
    .alterTable('messages')
    .addColumn('budget_reserved_usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('budget_usd', 'double precision').execute();
  await db.schema
    .createTable('spending')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('usd', 'double precision', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('spending_pk', ['user_id', 'month'])
    .execute();
  await db.schema
    .createTable('title_costs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('usd', 'double precision')
    .addColumn('input_tokens', 'integer')
    .addColumn('output_tokens', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('title_costs_user_created').on('title_costs').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('messages_user_completed').on('messages').columns(['user_id', 'completed_at']).execute();
}
