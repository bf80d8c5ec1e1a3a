import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The processes tests start run Hotline's build, as `npm start` does: made fresh once, before any file.
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: files run in parallel, each with its own servers on loopback ports.
    fileParallelism: true,
  },
});
