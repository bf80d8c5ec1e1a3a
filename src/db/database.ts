import { Kysely, Migrator, type LogEvent, type Migration } from 'kysely';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';
import type { StoreDialect } from './store-dialect.ts';
import * as initial from './migrations/001-initial.ts';
import * as knowledgeBase from './migrations/002-knowledge-base.ts';
import * as messageTree from './migrations/003-message-tree.ts';
import * as messageParts from './migrations/020-message-parts.ts';
import * as attachments from './migrations/021-attachments.ts';

export interface Db {
  kysely: Kysely<Database>;
  dialect: StoreDialect;
  close(): Promise<void>;
}

// Listed here rather than read from a folder, so the migrations ship inside the code and run the same under tsx and tests.
export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-knowledge-base': knowledgeBase,
  '003-message-tree': messageTree,
  '020-message-parts': messageParts,
  '021-attachments': attachments,
};

export async function openDatabase(config: DatabaseConfig, onQuery?: (event: LogEvent) => void): Promise<Db> {
  // Only the configured database's driver is loaded.
  const dialect =
    config.kind === 'sqlite'
      ? (await import('../adapters/store/sqlite.ts')).sqliteDialect(config.path)
      : (await import('../adapters/store/postgres.ts')).postgresDialect(config.url);
  const kysely = new Kysely<Database>({ dialect: dialect.dialect, ...(onQuery ? { log: onQuery } : {}) });
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await kysely.destroy();
    throw error;
  }
  return { kysely, dialect, close: () => kysely.destroy() };
}
