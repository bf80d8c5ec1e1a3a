import type { LogEvent } from 'kysely';
import type { DatabaseConfig } from '../../config.ts';
import { openDatabase, type Db } from '../../db/database.ts';
import type { SearchIndex } from '../../knowledge/search-index.ts';

/** The configured database, migrated, with the knowledge base's full-text index that suits it. */
export interface Store extends Db {
  searchIndex: SearchIndex;
}

export async function openStore(config: DatabaseConfig, onQuery?: (event: LogEvent) => void): Promise<Store> {
  // Only the configured database's driver is loaded: an embedded start never loads pg, nor a scaled-out one SQLite.
  if (config.kind === 'sqlite') {
    const [{ sqliteDialect }, { sqliteSearchIndex }] = await Promise.all([import('./sqlite.ts'), import('../search/sqlite.ts')]);
    return { ...(await openDatabase(sqliteDialect(config.path), onQuery)), searchIndex: sqliteSearchIndex };
  }
  const [{ postgresDialect }, { postgresSearchIndex }] = await Promise.all([import('./postgres.ts'), import('../search/postgres.ts')]);
  return { ...(await openDatabase(postgresDialect(config.url), onQuery)), searchIndex: postgresSearchIndex };
}
