import 'dotenv/config';
import { ConfigError, loadConfig } from './config.ts';
import { closeHotline, createHotline } from './hotline.ts';
import { buildServer } from './http/server.ts';
import { startWorker } from './worker.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const hotline = await createHotline(config);
const stopWorker = config.role === 'web' ? () => {} : startWorker(hotline);
const server = await buildServer(hotline);
await server.listen({ port: config.port, host: config.host });
hotline.logger.info(
  { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`, role: config.role, model: hotline.catalog.defaultModel, database: config.database.kind },
  'Hotline is listening',
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  hotline.logger.info({ signal }, 'shutting down');
  stopWorker();
  await server.close();
  await closeHotline(hotline, 10_000);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
