import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds src/ into dist/ for `npm start`: JavaScript instead of TypeScript compiled at run time, in a few
 * files instead of hundreds. esbuild strips the types (`npm run typecheck` checks them) and bundles the
 * sources from src/main.ts, splitting off what is imported on demand (the HTTP server that a worker never
 * loads, the Redis and PostgreSQL adapters, OpenTelemetry) into chunks beside it. Each ES module a process
 * loads costs memory of its own: a start-up from the bundle holds about 28 MB less than one from ~1,200
 * files (117 → 89 MB at ready), and is ready sooner. The pure-JavaScript packages are bundled in too
 * (Kysely alone is about 260 ES modules, 13 MB loaded as files, 2 MB bundled); those in
 * `unbundledPackages` stay imports, loaded from node_modules as they are.
 *
 * Every other file under src/ (the browser's assets, the sample knowledge base) is copied into dist/ at
 * the same place, and a source's `import.meta.url` is rewritten to the URL its own compiled file would
 * have there, so what it finds beside itself is found.
 *   node scripts/build.mjs             build
 *   node scripts/build.mjs --if-stale  build only when a source changed since the last build
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const stamp = join(dist, '.built');
/** Besides src/, what changes the build's output. */
const inputs = [join(root, 'package.json'), fileURLToPath(import.meta.url)];

function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** Stale when any source, or any folder (a file removed or renamed), is newer than the last build. */
export function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const folders = readdirSync(src, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
  return [src, ...folders, ...filesUnder(src), ...inputs].some((path) => statSync(path).mtimeMs > built);
}

/**
 * The packages left as imports (by name, subpaths included); every other is bundled in. These hold native
 * code, read files or start workers beside their own code, or are loaded only on demand anyway.
 */
const unbundledPackages = new Set([
  'better-sqlite3',
  'pg',
  'ioredis',
  'bullmq',
  'pino',
  'dotenv',
  'ai',
  'esbuild',
  'gpt-tokenizer',
  'katex',
  'highlight.js',
  'html-to-text',
  'tsx',
  // @fastify/cookie imports it with import(): bundled, a CommonJS module imported so has no named exports.
  'cookie',
]);
const unbundledScopes = ['@ai-sdk/', '@opentelemetry/', '@modelcontextprotocol/'];

const packageName = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');
const bundled = (specifier) => !unbundledPackages.has(packageName(specifier)) && !unbundledScopes.some((scope) => specifier.startsWith(scope));

const onlySomePackagesBundled = {
  name: 'only-some-packages-bundled',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'entry-point' || bundled(args.path) ? undefined : { path: args.path, external: true }));
  },
};

/** `import.meta.url` in a source becomes the URL of its compiled file's place in dist/ (every output is at dist/'s top). */
const importMetaUrlAsIfUnbundled = {
  name: 'import-meta-url-as-if-unbundled',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const own = `./${relative(src, args.path).split(sep).join('/').replace(/\.ts$/, '.js')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * Builds in place without a moment when dist/ is missing or half written, so running processes (the test
 * suite's, while a test rebuilds) never load a torn file: each file is written beside its place and renamed
 * over it, then what the new build no longer has is removed.
 */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const files = filesUnder(src);
  const { outputFiles } = await esbuild({
    entryPoints: [join(src, 'main.ts')],
    outdir: dist,
    write: false,
    bundle: true,
    splitting: true,
    chunkNames: '[name]-[hash]',
    // The CommonJS packages bundled in require Node's own modules: an ES module has no require of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [onlySomePackagesBundled, importMetaUrlAsIfUnbundled],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  const written = new Set();
  const place = (path, write) => {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    write(temporary);
    renameSync(temporary, path);
    written.add(path);
  };
  for (const output of outputFiles) place(output.path, (to) => writeFileSync(to, output.contents));
  for (const file of files.filter((file) => !file.endsWith('.ts'))) place(join(dist, relative(src, file)), (to) => cpSync(file, to));
  for (const file of filesUnder(dist)) if (!written.has(file) && file !== stamp) rmSync(file, { force: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || isStale()) await build();
}
