/**
 * Redis memory held by finished replies after the retention time (scale-out mode): runs N replies to the
 * end through 2 web + 1 worker processes, then compares Redis's memory before, during the retention time
 * and after it. Needs REDIS_URL and DATABASE_URL=postgres://… (a scratch database is made there).
 *   REDIS_URL=redis://127.0.0.1:6379/9 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:redis-memory
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { stopAllChildren } from './child-process.ts';
import { GatedProvider } from './gated-provider.ts';
import { generateLoad } from './load-generator.ts';
import { canPin, pinSelf } from './machine.ts';
import { sleep } from './pool.ts';
import { scratchDatabase } from './postgres-scratch.ts';
import { startHotline } from './targets/hotline.ts';

process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));

interface RedisMemory {
  usedMemory: number;
  /** Keys of this database by prefix, and what `MEMORY USAGE` says they take. */
  keys: Record<string, { count: number; bytes: number }>;
}

async function memoryOf(redis: Redis): Promise<RedisMemory> {
  const info = await redis.info('memory');
  const usedMemory = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
  const keys: RedisMemory['keys'] = {};
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      const prefix = key.startsWith('hotline:log:chat:')
        ? 'hotline:log:chat'
        : key.startsWith('hotline:')
          ? key.split(':').slice(0, 2).join(':')
          : key.startsWith('bull:')
            ? 'bull'
            : 'other';
      const entry = (keys[prefix] ??= { count: 0, bytes: 0 });
      entry.count++;
      entry.bytes += Number((await redis.memory('USAGE', key)) ?? 0);
    }
  } while (cursor !== '0');
  return { usedMemory, keys };
}

function delta(now: RedisMemory['keys'], then: RedisMemory['keys']): RedisMemory['keys'] {
  const prefixes = new Set([...Object.keys(now), ...Object.keys(then)]);
  return Object.fromEntries(
    [...prefixes].map((p) => [p, { count: (now[p]?.count ?? 0) - (then[p]?.count ?? 0), bytes: (now[p]?.bytes ?? 0) - (then[p]?.bytes ?? 0) }]),
  );
}

/** used_memory moves with client buffers; the median of a few samples is steadier. */
async function settledMemory(redis: Redis): Promise<RedisMemory> {
  const samples: RedisMemory[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await memoryOf(redis));
    await sleep(200);
  }
  return samples.sort((a, b) => a.usedMemory - b.usedMemory)[2]!;
}

const { values } = parseArgs({
  options: { replies: { type: 'string' }, tokens: { type: 'string' }, 'retention-ms': { type: 'string' }, out: { type: 'string' } },
});
const replies = Number(values.replies ?? 100);
const tokens = Number(values.tokens ?? 300);
const retentionMs = Number(values['retention-ms'] ?? 3_000);
const out = values.out ?? 'bench/results';
const redisUrl = process.env['REDIS_URL'];
const databaseUrl = process.env['DATABASE_URL'];
if (!redisUrl || !databaseUrl?.startsWith('postgres')) {
  console.error('needs REDIS_URL=redis://… and DATABASE_URL=postgres://… (e.g. REDIS_URL=redis://127.0.0.1:6379/9)');
  process.exit(2);
}

const pinned = pinSelf(1);
const provider = await GatedProvider.start();
const scratch = await scratchDatabase(databaseUrl);
const redis = new Redis(redisUrl);
try {
  const target = await startHotline(
    { kind: 'scale-out', databaseUrl: scratch.url, redisUrl },
    {
      providerBaseUrl: provider.openaiBaseUrl,
      core: pinned && canPin ? 0 : undefined,
      keepAliveMs: 10_000,
      env: { HOTLINE_LOG_RETENTION_MS: String(retentionMs) },
    },
  );
  try {
    await sleep(1_000);
    const before = await settledMemory(redis);
    let finishedAt = 0;
    const outcome = await generateLoad(
      target,
      provider,
      { replies, subscribers: 1, tokens, reasoning: 0, rate: 50, drops: 0, setupTimeoutMs: 60_000, streamTimeoutMs: 120_000 },
      { repliesStarting: async () => {}, streamStarting: async () => {}, streamEnded: async () => void (finishedAt = Date.now()) },
    );
    const during = await memoryOf(redis);
    await sleep(Math.max(0, finishedAt + retentionMs + 2_000 - Date.now()));
    const after = await settledMemory(redis);
    const result = {
      date: new Date().toISOString(),
      replies,
      tokens,
      retentionMs,
      exactReplies: `${outcome.exactSubscribers}/${outcome.subscribers}`,
      usedMemory: { before: before.usedMemory, duringRetention: during.usedMemory, afterRetention: after.usedMemory },
      heldDuringRetention: during.usedMemory - before.usedMemory,
      heldAfterRetention: after.usedMemory - before.usedMemory,
      keys: { before: before.keys, duringRetention: during.keys, afterRetention: after.keys },
      /** What this run's replies hold, by key prefix: keys and bytes (MEMORY USAGE) above what was there before. */
      heldByPrefix: {
        duringRetention: delta(during.keys, before.keys),
        afterRetention: delta(after.keys, before.keys),
      },
    };
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'redis-memory.json'), JSON.stringify(result, null, 2) + '\n');
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        `${replies} finished replies of ${tokens} tokens (${result.exactReplies} exact), retention ${retentionMs} ms, 2 web + 1 worker:`,
        `  used_memory before ${kb(before.usedMemory)}, during retention ${kb(during.usedMemory)} (+${kb(result.heldDuringRetention)}), after ${kb(after.usedMemory)} (${result.heldAfterRetention >= 0 ? '+' : ''}${kb(result.heldAfterRetention)})`,
        `  held during retention, by key prefix: ${JSON.stringify(result.heldByPrefix.duringRetention)}`,
        `  held after retention, by key prefix:  ${JSON.stringify(result.heldByPrefix.afterRetention)}`,
        `  written to ${join(out, 'redis-memory.json')}`,
      ].join('\n'),
    );
  } finally {
    await target.stop();
  }
} finally {
  redis.disconnect();
  await provider.close();
  await scratch.drop().catch(() => {});
  await stopAllChildren();
}
