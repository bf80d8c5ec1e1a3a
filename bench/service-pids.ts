import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * The processes of the services a scale-out Hotline uses, so that their CPU counts too: the Redis
 * server (when it runs on this machine) and the PostgreSQL backends serving the bench's scratch
 * database. A Redis that other work shares counts that work too: give the bench a Redis of its own for
 * clean figures. PostgreSQL's shared background processes (checkpointer, WAL writer) are left out.
 */
export async function servicePids(redisUrl: string, databaseUrl: string): Promise<number[]> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await redis.connect();
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    return [...(Number.isInteger(redisPid) ? [redisPid] : []), ...rows.map((r) => r.pid)];
  } finally {
    redis.disconnect();
    await client.end().catch(() => {});
  }
}
