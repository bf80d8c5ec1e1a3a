import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'hotline-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Generous: on two shared cores, under the whole suite, a run that takes 15 s alone can take three times that.
const timeoutMs = 120_000;
const bench = (args: string[]) => promisify(execFile)(process.execPath, args, { env: { ...process.env, REDIS_URL: '', DATABASE_URL: '' }, timeout: timeoutMs });

/**
 * `npm run bench` at a tiny size: two replies of a few tokens, one drop-and-resume run, a few idle
 * streams. It proves the bench runs end to end and reports every field; it judges no figure.
 */
describe('the benchmark', () => {
  it(
    'runs at a tiny size and reports every figure for Hotline and the baseline',
    async () => {
      const args = ['--import', 'tsx', 'bench/run.ts', '--sizes', '2', '--subscribers', '1', '--tokens', '6', '--rate', '100'];
      args.push('--drop-sizes', '2', '--idle', '10', '--idle-hold-ms', '700', '--keepalive-ms', '300', '--no-chart', '--no-pin', '--out', out);
      if (process.env.BENCH_HOTLINE_DIR) args.push('--hotline-dir', process.env.BENCH_HOTLINE_DIR);
      await bench(args);

      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      expect(results.errors).toEqual([]);
      expect(results.runs.map((r: any) => `${r.target} ${r.drops}`).sort()).toEqual(['baseline 0', 'baseline 3', 'hotline 0', 'hotline 3']);
      for (const run of results.runs) {
        expect(run).toMatchObject({ replies: 2, subscribers: 1, tokens: 6 });
        expect(run.delivery).toMatchObject({ expectedTokens: 12, deliveredTokens: 12, lost: 0, duplicated: 0, outOfOrder: 0, exactSubscribers: 2 });
        for (const figure of ['p50', 'p95', 'p99', 'max']) expect(run.relayMs[figure]).toBeGreaterThanOrEqual(0);
        expect(run.ttftAddedMs.count).toBe(2);
        expect(run.wire.bytesPerToken).toBeGreaterThan(0);
        expect(run.server.rssPeakMb).toBeGreaterThan(0);
        expect(run.server.cpuMs).toBeGreaterThanOrEqual(0);
        expect(run.db.writesPerReply).toBeGreaterThanOrEqual(0);
      }
      const hotline = results.runs.find((r: any) => r.target === 'hotline' && r.drops === 0);
      expect(hotline.db.writesPerReply).toBeGreaterThan(0);
      expect(results.idle.map((r: any) => [r.target, r.open, r.heartbeating])).toEqual([
        ['hotline', 10, 10],
        ['baseline', 10, 10],
      ]);
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      expect(report).toContain('## Relay under load');
      expect(report).toContain('## Drop and resume');
      expect(report).toContain('## Idle capacity');
    },
    timeoutMs,
  );

  it.each([
    ['ai-sdk', 3],
    ['openai-chat', 0],
    ['openai-responses', 3],
    ['durable-streams', 3],
  ])(
    'with --protocol %s, follows the same replies through that protocol, exactly',
    async (protocol, drops) => {
      const dir = join(out, protocol);
      const args = [
        '--import',
        'tsx',
        'bench/run.ts',
        ...`--protocol ${protocol} --targets hotline --sizes 2 --subscribers 1 --tokens 6 --rate 100`.split(' '),
      ];
      args.push(...(drops > 0 ? ['--drop-sizes', '2'] : []), '--idle', '0', '--no-chart', '--no-pin', '--out', dir);
      if (process.env.BENCH_HOTLINE_DIR) args.push('--hotline-dir', process.env.BENCH_HOTLINE_DIR);
      await bench(args);

      const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      expect(results.errors).toEqual([]);
      // A Chat Completions stream cannot be resumed: no drop run for it.
      expect(results.runs.map((r: any) => r.drops)).toEqual(drops > 0 ? [0, drops] : [0]);
      for (const run of results.runs) {
        expect(run.protocol).toBe(protocol);
        expect(run.delivery).toMatchObject({ expectedTokens: 12, deliveredTokens: 12, lost: 0, duplicated: 0, outOfOrder: 0, corrupt: 0, exactSubscribers: 2 });
        expect(run.wire.bytesPerToken).toBeGreaterThan(0);
      }
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`--protocol ${protocol}`);
    },
    timeoutMs,
  );
});
