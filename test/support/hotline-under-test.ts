import type { LogEvent } from 'kysely';
import { loadConfig, type Env } from '../../src/config.ts';
import { closeHotline, createHotline, type Hotline, type HotlineOptions } from '../../src/hotline.ts';
import { buildServer } from '../../src/http/server.ts';
import { apiDocsRoutes } from '../../src/api-docs/routes.ts';
import { standardProtocols } from '../../src/protocols/standard-protocols.ts';
import { startSweeper, startWorker } from '../../src/worker.ts';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';

export interface HotlineUnderTest {
  hotline: Hotline;
  url: string;
  provider: FakeProvider;
  /** Every SQL statement the process ran, for counting writes. */
  queries: LogEvent[];
  close(): Promise<void>;
}

/**
 * A real Hotline process in this test process: SQLite in memory, a real HTTP server on a loopback port,
 * and the real AI SDK clients talking to the fake provider server.
 */
export async function startHotline(env: Env = {}, options: HotlineOptions = {}): Promise<HotlineUnderTest> {
  const provider = await startFakeProvider();
  const queries: LogEvent[] = [];
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    OPENAI_BASE_URL: provider.openaiBaseUrl,
    OPENAI_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: provider.anthropicBaseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    HOTLINE_MODEL: 'openai:fake',
    HOTLINE_RETRY_BASE_MS: '10',
    ...env,
  });
  const hotline = await createHotline(config, { onQuery: (event) => queries.push(event), ...options });
  startWorker(hotline);
  const stopSweeper = startSweeper(hotline);
  const server = await buildServer(hotline, [...standardProtocols, apiDocsRoutes]);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    hotline,
    url: `http://127.0.0.1:${port}`,
    provider,
    queries,
    async close() {
      stopSweeper();
      await server.close();
      await closeHotline(hotline, 0);
      await provider.close();
    },
  };
}
