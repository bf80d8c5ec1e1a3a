import { createRequire } from 'node:module';
import { loadConfig } from '../../../src/config.ts';
import { closeHotline, createHotline } from '../../../src/hotline.ts';
import { buildServer } from '../../../src/server.ts';
import { startSweeper, startWorker } from '../../../src/worker.ts';

/**
 * Starts a whole Hotline (worker and server) with the environment given as JSON in the first argument,
 * stops it, and prints the OpenTelemetry packages the process loaded (they are CommonJS, so Node's
 * module cache lists them).
 */
const hotline = await createHotline(loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', ...JSON.parse(process.argv[2] ?? '{}') }));
startWorker(hotline);
const stopSweeper = startSweeper(hotline);
const server = await buildServer(hotline);
stopSweeper();
await server.close();
await closeHotline(hotline, 0);
const packages = Object.keys(createRequire(import.meta.url).cache).flatMap((path) => path.match(/node_modules\/(@opentelemetry\/[^/]+)\//)?.[1] ?? []);
console.log(JSON.stringify([...new Set(packages)].sort()));
