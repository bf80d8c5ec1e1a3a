import pg from 'pg';
import { PostgresDialect, sql } from 'kysely';
import type { StoreDialect } from '../../db/store-dialect.ts';

/** The scale-out store: PostgreSQL, shared by every web and worker process. */
export function postgresDialect(url: string): StoreDialect {
  // A request waits at most this long for a connection: while the server is down it gets an error to answer 503 with.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // A client that loses its server (a restart) must not crash the process, idle (the pool's 'error') or in
  // the middle of a query (its own 'error', emitted besides failing the query); the pool replaces it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    name: 'postgres',
    dialect: new PostgresDialect({ pool }),
    // Row lock: two posts to one chat from two processes must not both see "nothing streaming".
    lockChat: async (trx, chatId) => {
      await sql`select id from chats where id = ${chatId} for update`.execute(trx);
    },
  };
}
