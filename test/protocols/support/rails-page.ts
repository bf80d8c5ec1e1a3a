import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * A stand-in for a Rails app's page, served from its own origin: no Hotline code, only the stock
 * `@rails/actioncable` consumer and turbo-rails (pinned by an import map, as importmap-rails does), an
 * empty `<div id="messages">` and a `<turbo-cable-stream-source>` with the signed name the app got from
 * `GET /api/chats/:id/cable`, pointed at Hotline's `/cable` by the `action-cable-url` meta tag.
 */
export interface RailsPages {
  /** The origin the pages come from (`http://127.0.0.1:<port>`). */
  origin: string;
  /** The same server by another name: another origin. */
  otherOrigin: string;
  pageUrl(origin: string, cableUrl: string, signedStreamName: string): string;
  close(): Promise<void>;
}

const modules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
const assets: Record<string, string> = {
  '/assets/turbo.js': '@hotwired/turbo/dist/turbo.es2017-esm.js',
  '/assets/actioncable.esm.js': '@rails/actioncable/app/assets/javascripts/actioncable.esm.js',
};

const importMap = JSON.stringify({
  imports: {
    '@hotwired/turbo': '/assets/turbo.js',
    '@hotwired/turbo-rails': '/assets/turbo-rails/index.js',
    '@rails/actioncable/src': '/assets/actioncable.esm.js',
  },
});

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(cableUrl: string, name: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>A Rails page</title>
<meta name="action-cable-url" content="${escape(cableUrl)}">
<script type="importmap">${importMap}</script>
<script type="module">import "@hotwired/turbo-rails";</script>
</head><body>
<turbo-cable-stream-source channel="Turbo::StreamsChannel" signed-stream-name="${escape(name)}"></turbo-cable-stream-source>
<div id="messages"></div>
</body></html>`;
}

async function asset(path: string): Promise<string | undefined> {
  const mapped = assets[path];
  if (mapped) return readFile(modules + mapped, 'utf8');
  // turbo-rails' own modules import each other without an extension, as a bundler would resolve them.
  const match = /^\/assets\/turbo-rails\/([a-z_]+)(\.js)?$/.exec(path);
  if (match) return readFile(`${modules}@hotwired/turbo-rails/app/javascript/turbo/${match[1]}.js`, 'utf8');
  return undefined;
}

export async function startRailsPages(): Promise<RailsPages> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://page');
    if (url.pathname === '/chat') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(page(url.searchParams.get('cable') ?? '', url.searchParams.get('name') ?? ''));
    }
    asset(url.pathname).then(
      (text) => {
        if (text === undefined) return response.writeHead(404).end();
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(text);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    pageUrl: (origin, cableUrl, name) => `${origin}/chat?${new URLSearchParams({ cable: cableUrl, name })}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
