import type { Dialect, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The few things that differ between SQLite and PostgreSQL; every query else is shared Kysely. */
export interface StoreDialect {
  name: 'sqlite' | 'postgres';
  dialect: Dialect;
  /** Serialises writers on one chat for the rest of the transaction. */
  lockChat(trx: Transaction<Database> | Kysely<Database>, chatId: string): Promise<void>;
}
