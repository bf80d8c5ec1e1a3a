import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from './handler.ts';
import type { AbortRecord, FakeProvider, FakeProviderOptions, RecordedRequest } from './types.ts';

export type { AbortRecord, FakeProvider, FakeProviderOptions, RecordedRequest } from './types.ts';
export { expectedReasoning, expectedText, reasoningText, tokenText } from './text.ts';
export { parseScenario, type Scenario, type Fault } from './scenario.ts';

/**
 * A real HTTP server speaking OpenAI chat-completions and Anthropic Messages
 * streaming, so the production AI SDK clients can be pointed at it unchanged.
 * Behaviour per request comes from the model string; see scenario.ts.
 */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const host = options.host ?? '127.0.0.1';
  const requests: RecordedRequest[] = [];
  const aborted: AbortRecord[] = [];
  const abortListeners = new Set<(record: AbortRecord) => void>();
  // close() destroys stalled sockets itself; those are not client aborts.
  let closing = false;

  const handle = createHandler({
    record: (request) => requests.push(request),
    abort(record) {
      if (closing) return;
      aborted.push(record);
      for (const listener of abortListeners) listener(record);
    },
    token: (model, tokenIndex, sentAtMs) => provider.onToken?.(model, tokenIndex, sentAtMs),
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake must fail loudly in the client, not hang it.
      console.error('[fake-provider] handler failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const provider: FakeProvider = {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: `${url}/v1`,
    requests,
    aborted,

    waitForAbort(predicate, timeoutMs = 5000) {
      const matches = (record: AbortRecord) => predicate === undefined || predicate(record);
      const existing = aborted.find(matches);
      if (existing) return Promise.resolve(existing);
      return new Promise<AbortRecord>((resolve, reject) => {
        const listener = (record: AbortRecord) => {
          if (!matches(record)) return;
          clearTimeout(timer);
          abortListeners.delete(listener);
          resolve(record);
        };
        const timer = setTimeout(() => {
          abortListeners.delete(listener);
          reject(new Error(`fake provider: no matching client abort within ${timeoutMs}ms`));
        }, timeoutMs);
        abortListeners.add(listener);
      });
    },

    close() {
      closing = true;
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets and stalled replies would otherwise hold close() open forever.
        server.closeAllConnections();
      });
    },
  };
  return provider;
}
