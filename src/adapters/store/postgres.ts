import pg from 'pg';
import { PostgresDialect, sql } from 'kysely';
import type { StoreDialect } from '../../db/store-dialect.ts';
import { postgresSearchIndex } from '../search/postgres.ts';

/** The scale-out store: PostgreSQL, shared by every web and worker process. */
export function postgresDialect(url: string): StoreDialect {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server (a restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    name: 'postgres',
    dialect: new PostgresDialect({ pool }),
    // Row lock: two posts to one chat from two processes must not both see "nothing streaming".
    lockChat: async (trx, chatId) => {
      await sql`select id from chats where id = ${chatId} for update`.execute(trx);
    },
    searchIndex: postgresSearchIndex,
  };
}
