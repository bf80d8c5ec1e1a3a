import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { StoreDialect } from '../../db/store-dialect.ts';
import { sqliteSearchIndex } from '../search/sqlite.ts';
import { StatementCache } from './sqlite-statement-cache.ts';

/** The embedded store: one SQLite file, WAL mode so readers never wait on the generation job's writes. */
export function sqliteDialect(path: string): StoreDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return {
    name: 'sqlite',
    // Kysely prepares a statement on every execution: keep them, so the hot queries are prepared once.
    dialect: new SqliteDialect({ database: new StatementCache(database) }),
    // Kysely runs SQLite on one connection behind a mutex, so a transaction already excludes every other writer.
    lockChat: async () => {},
    searchIndex: sqliteSearchIndex,
  };
}
