import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(Number(port), hostname);
  });
}

/**
 * Whether the scale-out tests can run. In CI a missing service is an error, never a silent skip;
 * on a developer machine without it those tests are skipped with a clear message.
 */
export async function serviceAvailable(name: 'redis' | 'postgres'): Promise<boolean> {
  const url = name === 'redis' ? redisUrl : postgresUrl;
  if (await reachable(url)) return true;
  if (process.env.CI) throw new Error(`${name} is not reachable at ${url}, and CI=true: the scale-out tests must run in CI`);
  console.warn(`Skipping ${name} tests: nothing listens at ${url} (start it, or set TEST_${name.toUpperCase()}_URL)`);
  return false;
}

export const redisUp = await serviceAvailable('redis');
export const postgresUp = await serviceAvailable('postgres');

/** A new, empty PostgreSQL database for one test file; dropped by the returned function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hotline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
