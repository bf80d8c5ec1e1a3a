import { Kysely, Migrator, type LogEvent, type Migration } from 'kysely';
import type { Database } from './schema.ts';
import type { StoreDialect } from './store-dialect.ts';
import * as initial from './migrations/001-initial.ts';
import * as knowledgeBase from './migrations/002-knowledge-base.ts';
import * as messageTree from './migrations/003-message-tree.ts';
import * as messageParts from './migrations/020-message-parts.ts';
import * as attachments from './migrations/021-attachments.ts';
import * as tools from './migrations/024-tools.ts';
import * as serverSecrets from './migrations/030-server-secrets.ts';
import * as costs from './migrations/040-costs.ts';
import * as countedTokens from './migrations/041-counted-tokens.ts';
import * as cacheWrites from './migrations/050-cache-writes.ts';
import * as clientTools from './migrations/051-client-tools.ts';

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
  '024-tools': tools,
  '030-server-secrets': serverSecrets,
  '040-costs': costs,
  '041-counted-tokens': countedTokens,
  '050-cache-writes': cacheWrites,
  '051-client-tools': clientTools,
};

/** Opens the store over a dialect (chosen with the other adapters, in `adapters/`) and brings its schema up to date. */
export async function openDatabase(dialect: StoreDialect, onQuery?: (event: LogEvent) => void): Promise<Db> {
  const kysely = new Kysely<Database>({ dialect: dialect.dialect, ...(onQuery ? { log: onQuery } : {}) });
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await kysely.destroy();
    throw error;
  }
  return { kysely, dialect, close: () => kysely.destroy() };
}
