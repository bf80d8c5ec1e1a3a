import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { openaiFormat } from '../../../src/testing/fake-provider/openai-format.ts';

/**
 * An OpenAI-compatible server that streams a text the test chose, for replies the fake provider's fixed
 * pieces can't make (hostile HTML, a long Markdown document). The model `<script>?rate=<tokens/s>`
 * streams the script of that name, one token at a time: a word or a run of spaces or punctuation,
 * about what a real tokenizer yields. `wait=<ms>` holds the first token back, as a slow model does.
 */
export interface ScriptedProvider {
  baseUrl: string;
  scripts: Map<string, string>;
  close(): Promise<void>;
}

export const tokensOf = (text: string): string[] => text.match(/\s+|[A-Za-z0-9]{1,6}|[^\sA-Za-z0-9]/g) ?? [];

export async function startScriptedProvider(): Promise<ScriptedProvider> {
  const scripts = new Map<string, string>();
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body || '{}') as { model?: string; stream_options?: { include_usage?: boolean } };
    const [name, query] = (request.model ?? '').split('?');
    const script = scripts.get(name ?? '');
    if (!script) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(openaiFormat.errorBody(404, `no script ${name}`, 'req')));
      return;
    }
    const params = new URLSearchParams(query ?? '');
    const rate = Number(params.get('rate') ?? '0');
    const wait = Number(params.get('wait') ?? '0');
    const ctx = {
      id: openaiFormat.newResponseId(),
      model: request.model!,
      created: Math.floor(Date.now() / 1000),
      inputTokens: 10,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      includeUsage: Boolean(request.stream_options?.include_usage),
      reasoningTokens: 0,
      thinkingSignature: '',
      reasoningField: 'reasoning_content' as const,
    };
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(openaiFormat.head(ctx));
    const tokens = tokensOf(script);
    try {
      if (wait > 0) await sleep(wait, undefined, { signal: closed.signal });
      const start = performance.now();
      for (let i = 0; i < tokens.length; i++) {
        const due = rate > 0 ? start + (i * 1000) / rate - performance.now() : 0;
        if (due > 1) await sleep(due, undefined, { signal: closed.signal });
        res.write(openaiFormat.token(ctx, tokens[i]!));
      }
      res.end(openaiFormat.tail(ctx, tokens.length));
    } catch {
      // the client went away (a stop)
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    scripts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
