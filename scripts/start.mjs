/**
 * `npm start`: runs the compiled server (dist/), building it first when the sources changed since the
 * last build (`npm install` builds it through `prepare`). The build is loaded only when it is needed.
 */
import { isStale } from './build.mjs';

if (isStale()) {
  const { build } = await import('./build.mjs');
  console.error('Building dist/ from src/ (the sources changed since the last build)');
  await build();
}
await import('../dist/main.js');
