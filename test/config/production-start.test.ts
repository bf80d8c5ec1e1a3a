import { mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript (it runs before anything is compiled) and has no types.
import { isStale } from '../../scripts/build.mjs';
import { freePort, run } from '../support/processes.ts';

const startCommand = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string;

describe('the production start', () => {
  it('`npm start` runs the compiled server, which is ready and finds its assets and sample documents', async () => {
    expect(startCommand).toBe('node scripts/start.mjs');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-start-'));
    const server = run(process.execPath, ['scripts/start.mjs'], { PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'hotline.db')}`, LOG_LEVEL: 'info' });
    try {
      await server.waitFor(/Hotline is listening/, 60_000);
      // It runs from dist/, which is now up to date: no TypeScript is compiled at run time.
      expect(isStale()).toBe(false);
      const url = `http://127.0.0.1:${port}`;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      const page = await (await fetch(`${url}/signin`)).text();
      const stylesheet = /href="(\/assets\/[^"]+\.css)"/.exec(page)?.[1];
      expect(stylesheet).toBeDefined();
      expect((await fetch(`${url}${stylesheet}`)).status).toBe(200);

      const { token } = await (
        await fetch(`${url}/api/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'start@example.com', password: 'a good password' }),
        })
      ).json();
      const sample = await fetch(`${url}/api/documents/sample`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(sample.status).toBe(201);
      expect((await sample.json()).documents.length).toBeGreaterThan(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('is rebuilt when a source changed after the last build', async () => {
    utimesSync('src/main.ts', new Date(), new Date());
    expect(isStale()).toBe(true);
    const build = run(process.execPath, ['scripts/build.mjs', '--if-stale']);
    expect(await build.exited).toBe(0);
    expect(isStale()).toBe(false);
  });
});
