import 'dotenv/config';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from './config.ts';
import { closeHotline, createHotline } from './hotline.ts';
import { startSweeper, startWorker } from './worker.ts';

/** A configuration that cannot work stops start-up with its one line, not a stack trace. */
async function orExit<T>(start: () => T | Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = await orExit(() => loadConfig(process.env));
const hotline = await orExit(() => createHotline(config));
const serves = config.role !== 'worker';
const works = config.role !== 'web';

if (works) startWorker(hotline);
const stopSweeper = startSweeper(hotline);
let server: FastifyInstance | undefined;
if (serves) {
  // Loaded only where it serves: a worker process holds no HTTP server, web app or Markdown renderer.
  const { buildServer } = await import('./server.ts');
  server = await buildServer(hotline);
  await server.listen({ port: config.port, host: config.host });
}
hotline.logger.info(
  {
    ...(serves ? { url: `http://${config.host}:${config.port}` } : {}),
    role: config.role,
    model: hotline.catalog.defaultModel,
    database: config.database.kind,
    redis: Boolean(config.redisUrl),
  },
  serves ? 'Hotline is listening' : 'Hotline worker is taking jobs',
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  hotline.logger.info({ signal }, 'shutting down');
  // Whatever hangs (a provider that went away, a Redis that is down), the process still ends.
  setTimeout(() => process.exit(1), config.shutdownGraceMs + 10_000).unref();
  stopSweeper();
  // Web: stop accepting and end the open streams, whose clients then resume on another process.
  await server?.close();
  // Worker: take no new jobs, let running replies finish for a while, then end the rest as interrupted.
  await closeHotline(hotline, config.shutdownGraceMs);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
