// @ts-expect-error: the build script is plain JavaScript (it runs before anything is compiled) and has no types.
import { build, isStale } from '../../scripts/build.mjs';

/** Vitest's global setup: builds dist/ when a source changed since the last build. */
export default async function setup(): Promise<void> {
  if (isStale()) await build();
}
