import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { katexFont, katexStylesheet } from './katex-stylesheet.ts';
import { stimulusFile, turboFile } from './package-file.ts';

/**
 * The browser's files, served without a bundler: Turbo and Stimulus straight from node_modules, our
 * controllers and stylesheet from this folder. Each is read once and served under a name carrying its
 * content hash, so it can be cached forever and a deploy still reaches every browser.
 */
export interface Asset {
  /** The bare specifier the import map resolves (scripts), or the logical name (stylesheet). */
  name: string;
  url: string;
  body: Buffer;
  contentType: string;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const sources: Array<{ name: string; path: string }> = [
  { name: '@hotwired/turbo', path: turboFile },
  { name: '@hotwired/stimulus', path: stimulusFile },
  { name: 'application', path: here('./application.js') },
  { name: 'controllers/composer', path: here('./controllers/composer.js') },
  { name: 'controllers/math', path: here('./controllers/math.js') },
  { name: 'controllers/drawer', path: here('./controllers/drawer.js') },
  { name: 'controllers/citations', path: here('./controllers/citations.js') },
  { name: 'controllers/attachments', path: here('./controllers/attachments.js') },
  { name: 'controllers/clipboard', path: here('./controllers/clipboard.js') },
  { name: 'controllers/edit', path: here('./controllers/edit.js') },
  { name: 'controllers/model-picker', path: here('./controllers/model-picker.js') },
  { name: 'controllers/scroll', path: here('./controllers/scroll.js') },
  { name: 'controllers/socket-stream', path: here('./controllers/socket-stream.js') },
  { name: 'stylesheet', path: here('./application.css') },
  { name: 'icon', path: here('./icon.svg') },
];

const contentTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  woff2: 'font/woff2',
};

export class AssetCatalog {
  private readonly byUrl = new Map<string, Asset>();
  private readonly byName = new Map<string, Asset>();

  constructor() {
    for (const { name, path } of sources) this.add(name, readFileSync(path), path.split('.').pop()!);
    const katex = katexStylesheet((file) => this.add(`katex-${file.replace(/\.woff2$/, '')}`, readFileSync(katexFont(file)), 'woff2').url);
    this.add('katex', Buffer.from(katex), 'css');
  }

  private add(name: string, body: Buffer, extension: string): Asset {
    const digest = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const url = `/assets/${name.replace(/[@/]/g, (c) => (c === '/' ? '-' : ''))}-${digest}.${extension}`;
    const asset = { name, url, body, contentType: contentTypes[extension]! };
    this.byUrl.set(url, asset);
    this.byName.set(name, asset);
    return asset;
  }

  find(url: string): Asset | undefined {
    return this.byUrl.get(url);
  }

  url(name: string): string {
    return this.byName.get(name)!.url;
  }

  /** Every script by its bare specifier: the page's import map. */
  get importMap(): { imports: Record<string, string> } {
    const imports: Record<string, string> = {};
    for (const asset of this.byName.values()) if (asset.contentType.startsWith('text/javascript')) imports[asset.name] = asset.url;
    return { imports };
  }
}
