/**
 * Loaded into every process the bench starts (`--import ./bench/probe.ts`), never by Hotline itself. It
 * answers the orchestrator over the IPC channel: database writes counted so far, and a CPU profile of a
 * chosen window. When the orchestrator goes away the process goes too, so no run leaves anything behind.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ProbeReply, ProbeRequest } from './probe-protocol.ts';

// The database drivers of the Hotline this process runs (its checkout is the working directory), not the
// bench's own copies: with --hotline-dir they are other modules, whose writes would not be counted.
const require = createRequire(join(process.cwd(), 'package.json'));
let dbWrites = 0;
const isWrite = (sql: unknown) => typeof sql === 'string' && /^\s*(insert|update|delete)\b/i.test(sql);

/**
 * SQLite: counted where a statement runs, not where it is prepared, since Hotline keeps its prepared
 * statements (one per SQL text). Kysely runs a write through `run`, or through `all` when the statement
 * returns rows (`insert … returning`); `get` and `iterate` are counted too for anyone else. PostgreSQL:
 * every statement goes through `Client#query`.
 */
function countDatabaseWrites(): void {
  type Execute = (this: { source: string }, ...parameters: unknown[]) => unknown;
  const Database = require('better-sqlite3') as new (path: string) => { prepare(sql: string): object; close(): void };
  const scratch = new Database(':memory:');
  const statement = Object.getPrototypeOf(scratch.prepare('select 1')) as Record<'run' | 'all' | 'get' | 'iterate', Execute>;
  scratch.close();
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const execute = statement[method];
    statement[method] = function (this: { source: string }, ...parameters: unknown[]) {
      if (isWrite(this.source)) dbWrites++;
      return execute.apply(this, parameters);
    };
  }
  const pg = require('pg') as { Client: { prototype: { query: (config: unknown, ...rest: unknown[]) => unknown } } };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, config: unknown, ...rest: unknown[]) {
    if (isWrite(typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text)) dbWrites++;
    return query.call(this, config, ...rest);
  };
}

if (process.env['BENCH_COUNT_DB_WRITES'] === '1') countDatabaseWrites();

let session: Session | undefined;

const commands = new Set(['stats', 'profile-start', 'profile-stop']);

async function answer(request: ProbeRequest): Promise<unknown> {
  switch (request.command) {
    case 'stats':
      return { dbWrites, cpu: process.cpuUsage(), memory: process.memoryUsage() };
    case 'profile-start':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: request.intervalUs ?? 250 });
      await session.post('Profiler.start');
      return true;
    case 'profile-stop': {
      if (!session) return false;
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = undefined;
      await writeFile(request.path, JSON.stringify(profile));
      return true;
    }
  }
}

if (process.send) {
  process.on('message', (request: ProbeRequest) => {
    // Other commands are for the process's own script (the idle clients).
    if (!commands.has(request.command)) return;
    answer(request).then(
      (result) => process.send!({ id: request.id, result } satisfies ProbeReply),
      (error: unknown) => process.send!({ id: request.id, error: String(error) } satisfies ProbeReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.channel?.unref();
  // And if the orchestrator died without the channel noticing: this process is an orphan, so it goes.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.kill(process.pid, 'SIGKILL'), 1_000).unref();
}
