import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function run(env: Record<string, string>, untilLine?: RegExp) {
  const child = spawn(tsx, ['src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (untilLine?.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  return { child, exited, ready, output: () => output };
}

describe('start-up', () => {
  it('refuses a bad configuration with one clear line naming the variable', async () => {
    const process = run({ PORT: '3000', HOTLINE_ROLE: 'everything' });
    expect(await process.exited).toBe(1);
    const lines = process.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/HOTLINE_ROLE/);
  });

  it('serves the API on the embedded defaults, with its SQLite file created and migrated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const process = run({ PORT: port, DATABASE_URL: `sqlite:${join(dir, 'data', 'hotline.db')}`, LOG_LEVEL: 'info' }, /Hotline is listening/);
    try {
      await process.ready;
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      const signUp = await fetch(`http://127.0.0.1:${port}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.com', password: 'password1' }),
      });
      expect(signUp.status).toBe(201);
    } finally {
      process.child.kill('SIGTERM');
      expect(await process.exited).toBe(0);
    }
  });

  it('refuses a second process on the same SQLite file with one clear line, and the first one goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const otherPort = String(40000 + Math.floor(Math.random() * 20000));
    const database = `sqlite:${join(dir, 'hotline.db')}`;
    const first = run({ PORT: port, DATABASE_URL: database, LOG_LEVEL: 'info' }, /Hotline is listening/);
    try {
      await first.ready;
      const second = run({ PORT: otherPort, DATABASE_URL: database, LOG_LEVEL: 'info' });
      expect(await second.exited).toBe(1);
      const lines = second.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/DATABASE_URL: .*hotline\.db is in use by another Hotline process/);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
    }
  });
});
