import type { Kysely } from 'kysely';

/**
 * Secrets the server makes for itself at first start (the key that signs Action Cable stream names),
 * kept here so that every process of a deployment signs and checks with the same one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
}
