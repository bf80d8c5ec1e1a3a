import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild, repositoryRoot } from '../child-process.ts';
import { inPool } from '../pool.ts';
import { freePort } from '../ports.ts';
import type { BenchProtocol, PostedReply } from '../protocols/bench-protocol.ts';
import { jsonProtocol } from '../protocols/json.ts';
import { servicePids } from '../service-pids.ts';
import { postJson, type Target, type TargetOptions } from './target.ts';

export type HotlineMode = { kind: 'embedded' } | { kind: 'scale-out'; databaseUrl: string; redisUrl: string };

/**
 * Hotline as a target, started as `npm start` runs it. Embedded: one process on a fresh SQLite file.
 * Scale-out: two web processes and one worker on PostgreSQL and Redis; subscribers alternate between
 * the web processes. Rate limits are off (one account drives every reply); the queue and every other
 * setting are Hotline's defaults, as a user gets them. The subscribers speak `protocol`: they follow
 * replies posted through the JSON API, or (Chat Completions) post their own.
 */
export async function startHotline(mode: HotlineMode, options: TargetOptions, protocol: BenchProtocol = jsonProtocol): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const entry = hotlineEntry(options.hotlineDir ?? repositoryRoot);
  const env: Record<string, string> = {
    DATABASE_URL: mode.kind === 'embedded' ? `sqlite:${join(dataDir, 'hotline.db')}` : mode.databaseUrl,
    REDIS_URL: mode.kind === 'embedded' ? '' : mode.redisUrl,
    OPENAI_BASE_URL: options.providerBaseUrl,
    OPENAI_API_KEY: 'bench',
    ANTHROPIC_BASE_URL: '',
    ANTHROPIC_API_KEY: '',
    HOTLINE_MODEL: 'openai:bench',
    // One account drives every reply, so its per-user limits are off; everything else is Hotline's default.
    HOTLINE_RATE_LIMITS: 'off',
    HOTLINE_KEEPALIVE_MS: String(options.keepAliveMs),
    LOG_LEVEL: 'info',
    BENCH_COUNT_DB_WRITES: '1',
    ...options.env,
  };
  const processes: BenchChild[] = [];
  const webPorts: number[] = [];
  const startWeb = async (role: 'all' | 'web') => {
    const port = await freePort();
    const web = new BenchChild(
      `hotline-${role}-${webPorts.length + 1}`,
      entry,
      { ...env, HOTLINE_ROLE: role, PORT: String(port) },
      options.core,
      options.hotlineDir,
    );
    processes.push(web);
    webPorts.push(port);
    await web.waitFor(/Hotline is listening/);
  };
  const startWorker = async () => {
    const worker = new BenchChild(
      'hotline-worker',
      entry,
      { ...env, HOTLINE_ROLE: 'worker', PORT: String(await freePort()) },
      options.core,
      options.hotlineDir,
    );
    processes.push(worker);
    await worker.waitFor(/Hotline worker is taking jobs/);
  };
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    if (mode.kind === 'embedded') {
      await startWeb('all');
    } else {
      // The first process migrates the database; the others find it ready.
      await startWeb('web');
      await Promise.all([startWeb('web'), startWorker()]);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const url = (index: number) => `http://127.0.0.1:${webPorts[index % webPorts.length]}`;
  const { token } = await postJson(`${url(0)}/api/users`, { email: `bench-${Date.now()}@example.com`, password: 'bench password' });
  let models: string[] = [];
  let chats: string[] = [];
  const posted = new Map<string, PostedReply>();
  return {
    name: 'hotline',
    mode: mode.kind,
    processes,
    reading: protocol,
    async prepare(prepared) {
      models = prepared;
      if (protocol.startsTheReply) return;
      chats = new Array(models.length);
      await inPool(models, 32, async (model, i) => {
        chats[i] = (await postJson(`${url(i)}/api/chats`, { model: `openai:${model}` }, token)).id;
      });
    },
    async startReply(index) {
      if (protocol.startsTheReply) return `openai:${models[index]}`;
      const turn = await postJson(`${url(index)}/api/chats/${chats[index]}/messages`, { content: 'Hello' }, token);
      const messageId = turn.assistantMessage.id as string;
      posted.set(messageId, { chatId: chats[index]!, messageId });
      return messageId;
    },
    endpoint: (replyId, index) => ({
      port: webPorts[index % webPorts.length]!,
      headers: { authorization: `Bearer ${token}` },
      ...(protocol.startsTheReply ? protocol.start(replyId) : protocol.follow(posted.get(replyId)!)),
    }),
    ...(mode.kind === 'scale-out' ? { servicePids: () => servicePids(mode.redisUrl, mode.databaseUrl) } : {}),
    async dbWrites() {
      const stats = await Promise.all(processes.map((p) => p.stats()));
      return stats.reduce((sum, s) => sum + s.dbWrites, 0);
    },
    stop,
  };
}

/**
 * Hotline as `npm start` runs it: its build (rebuilt first when a source changed), or its TypeScript for a
 * checkout from before Hotline had a build.
 */
function hotlineEntry(dir: string): string[] {
  if (!existsSync(join(dir, 'scripts', 'build.mjs'))) return ['src/main.ts'];
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: dir, stdio: 'inherit' });
  return ['dist/main.js'];
}
