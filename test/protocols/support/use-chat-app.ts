import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type InlineConfig } from 'vite';

/**
 * The React app in `use-chat-app/`, built by Vite and served by Vite's own preview server, which passes
 * `/api` on to Hotline: the page and the API share one origin, as they do behind an app's reverse proxy,
 * so the app needs no CORS and loads nothing from anywhere else. (Hotline serves no files of other apps,
 * and its web pages' CSP is for its own pages.)
 */
export interface UseChatApp {
  /** The app's origin, which is also where it reaches Hotline's API. */
  origin: string;
  chatUrl(chatId: string): string;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('./use-chat-app/', import.meta.url));

export async function startUseChatApp(hotlineUrl: string): Promise<UseChatApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'hotline-use-chat-app-'));
  const config: InlineConfig = {
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      // One bundle for a test page: React, the AI SDK and zod make it larger than Vite's hint for a site.
      chunkSizeWarningLimit: 2048,
      // A 'use client' line means nothing in a browser bundle (React's own Vite plugin silences it the same way).
      rolldownOptions: { onLog: (level, log, handler) => (log.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : handler(level, log)) },
    },
  };
  await build(config);
  const server = await preview({
    ...config,
    preview: { host: '127.0.0.1', port: 0, strictPort: true, cors: false, proxy: { '/api': hotlineUrl } },
  });
  const origin = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
  return {
    origin,
    chatUrl: (chatId) => `${origin}/?chat=${encodeURIComponent(chatId)}`,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
