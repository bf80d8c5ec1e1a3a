import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { ConfigError } from '../../config.ts';
import type { StoreDialect } from '../../db/store-dialect.ts';
import { StatementCache } from './sqlite-statement-cache.ts';

/** The embedded store: one SQLite file, WAL mode so readers never wait on the generation job's writes. */
export function sqliteDialect(path: string): StoreDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  try {
    database.pragma('busy_timeout = 1000');
    database.pragma('journal_mode = WAL');
    // One process owns an embedded database (its queue and event log live in that process's memory), so
    // it holds the file's lock for good instead of taking and dropping it around every transaction: five
    // fcntl calls fewer per write, which the benchmark counts per token. Taken now, with a write.
    database.pragma('locking_mode = EXCLUSIVE');
    database.exec('BEGIN IMMEDIATE; COMMIT');
  } catch (error) {
    database.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new ConfigError(
      `Invalid configuration: DATABASE_URL: ${path} is in use by another Hotline process; an embedded (SQLite) database belongs to one process (several processes share PostgreSQL and Redis)`,
    );
  }
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return {
    name: 'sqlite',
    // Kysely prepares a statement on every execution: keep them, so the hot queries are prepared once.
    dialect: new SqliteDialect({ database: new StatementCache(database) }),
    // Kysely runs SQLite on one connection behind a mutex, so a transaction already excludes every other writer.
    lockChat: async () => {},
  };
}
