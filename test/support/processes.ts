import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  /** Resolves when a line of output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function run(command: string, args: string[], env: Record<string, string> = {}): RunningProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${output.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.test(output)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`exited before ${pattern}:\n${output.slice(-2000)}`));
          }
        });
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * A Hotline process in a given role, as `npm start` runs it: the build (dist/, made fresh by the suite's
 * global setup), in one node process, so a signal reaches it directly.
 */
export function runHotline(env: Record<string, string>): RunningProcess {
  return run(process.execPath, ['dist/main.js'], { LOG_LEVEL: 'info', ...env });
}

/** What every process of a scaled-out Hotline under test shares: its PostgreSQL, its Redis, and the fake provider as its model. */
export const scaleOutEnv = (shared: { database: { url: string }; redis: { url: string }; provider: { openaiBaseUrl: string } }): Record<string, string> => ({
  DATABASE_URL: shared.database.url,
  REDIS_URL: shared.redis.url,
  OPENAI_BASE_URL: shared.provider.openaiBaseUrl,
  OPENAI_API_KEY: 'test-key',
  HOTLINE_MODEL: 'openai:fake',
});

/** A private Redis server for one test file, so it can be restarted without disturbing anything else. */
export async function runRedis(port?: number): Promise<RunningProcess & { url: string; port: number }> {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'hotline-redis-'));
  const redis = run('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
  await redis.waitFor(/Ready to accept connections/);
  return Object.assign(redis, { url: `redis://127.0.0.1:${chosen}`, port: chosen });
}

/** The directory of PostgreSQL's server programs (initdb, postgres), or undefined when it is not installed. */
export const postgresBin: string | undefined = (() => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const newest = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return newest && existsSync(join(root, newest, 'bin', 'initdb')) ? join(root, newest, 'bin') : undefined;
})();

/** PostgreSQL refuses to run as root: there it runs as the `postgres` user, through setpriv (which execs, so signals reach it). */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args]];
}

/**
 * A private PostgreSQL cluster for one test file (trust auth, user postgres), so it can be stopped and
 * started again without disturbing anything else. `start` runs the server on the same port and data.
 */
export async function createPostgres(): Promise<{ url: string; start: () => Promise<RunningProcess> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-postgres-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const [initdb, initArgs] = asPostgresUser(join(postgresBin!, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const start = async () => {
    const [postgres, args] = asPostgresUser(join(postgresBin!, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ]);
    const server = run(postgres, args);
    await server.waitFor(/ready to accept connections/);
    return server;
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, start };
}
