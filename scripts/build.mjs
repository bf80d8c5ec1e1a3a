import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Compiles src/ into dist/, file for file, so that `npm start` runs JavaScript instead of compiling
 * TypeScript at run time. esbuild only strips the types (`npm run typecheck` checks them), which takes
 * well under a second. Every other file under src/ (the browser's assets, the sample knowledge base) is
 * copied beside the compiled code, where `import.meta.url` finds it.
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

/** Relative imports name the .ts source; the compiled file beside it ends in .js. Packages stay imports. */
const relativeImportsToJs = {
  name: 'relative-imports-to-js',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
  },
};

export async function build() {
  const { build: esbuild } = await import('esbuild');
  rmSync(dist, { recursive: true, force: true });
  const files = filesUnder(src);
  await esbuild({
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outdir: dist,
    outbase: src,
    bundle: true,
    packages: 'external',
    plugins: [relativeImportsToJs],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  for (const file of files.filter((file) => !file.endsWith('.ts'))) cpSync(file, join(dist, relative(src, file)));
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || isStale()) await build();
}
