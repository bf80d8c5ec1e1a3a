import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from './api-client.ts';
import { createPostgres, freePort, runHotline, runRedis, type RunningProcess } from './processes.ts';
import { openEventStream, type ReceivedEvent } from './sse-client.ts';

type Redis = Awaited<ReturnType<typeof runRedis>>;

/**
 * The scale-out mode on loopback with its own infrastructure, for fault tests: a private PostgreSQL and
 * a private Redis that a test may kill and start again, two web processes and two workers.
 */
export class OutageCluster {
  readonly processes: RunningProcess[] = [];
  webs: ApiClient[] = [];
  redis!: Redis;
  postgres!: RunningProcess;
  private provider!: FakeProvider;
  private startPostgres!: () => Promise<RunningProcess>;

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    const cluster = await createPostgres();
    this.startPostgres = cluster.start;
    [this.postgres, this.redis, this.provider] = await Promise.all([cluster.start(), runRedis(), startFakeProvider()]);
    const env = {
      DATABASE_URL: cluster.url,
      REDIS_URL: this.redis.url,
      OPENAI_BASE_URL: this.provider.openaiBaseUrl,
      OPENAI_API_KEY: 'test-key',
      HOTLINE_MODEL: 'openai:fake',
      HOTLINE_RATE_LIMITS: 'off',
      ...extraEnv,
    };
    const web = async () => {
      const port = await freePort();
      const started = runHotline({ ...env, HOTLINE_ROLE: 'web', PORT: String(port) });
      this.processes.push(started);
      await started.waitFor(/Hotline is listening/, 60_000);
      return `http://127.0.0.1:${port}`;
    };
    const worker = async () => {
      const started = runHotline({ ...env, HOTLINE_ROLE: 'worker', PORT: '1' });
      this.processes.push(started);
      await started.waitFor(/Hotline worker is taking jobs/, 60_000);
    };
    // The first process migrates the database; the others find it ready.
    const first = await web();
    const [second] = await Promise.all([web(), worker(), worker()]);
    const user = await new ApiClient(first).signUp();
    this.webs = [user, new ApiClient(second!, user.token)];
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
    await Promise.all([this.redis?.stop('SIGKILL'), this.postgres?.stop('SIGKILL'), this.provider?.close()]);
  }

  /** Kills Redis (it keeps nothing on disk: every stream, lease and job is lost); `restart` brings an empty one back on its port. */
  async killRedis(): Promise<{ restart: () => Promise<void> }> {
    await this.redis.stop('SIGKILL');
    return { restart: async () => void (this.redis = await runRedis(this.redis.port)) };
  }

  /** Stops PostgreSQL as `pg_ctl stop -m immediate` does (SIGQUIT: no checkpoint, every connection cut); `restart` recovers it. */
  async stopPostgresImmediately(): Promise<{ restart: () => Promise<void> }> {
    await this.postgres.stop('SIGQUIT');
    return { restart: async () => void (this.postgres = await this.startPostgres()) };
  }

  /** The processes that exited (none should). */
  exited(): string[] {
    return this.processes.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null).map((p) => p.output().slice(-1500));
  }

  /** Starts a reply of `tokens` tokens at `rate` per second and returns its assistant message id. */
  async startReply(name: string, tokens: number, rate: number): Promise<string> {
    const chat = await this.webs[0]!.newChat({ model: `openai:${name}?tokens=${tokens}&rate=${rate}` });
    return (await this.webs[0]!.send(chat.id, `Tell me about ${name}`)).assistantMessage.id;
  }

  /** The message once it has ended, asking whichever web process answers (storage may still be coming back). */
  async ended(messageId: string, timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; ; i++) {
      const { status, body } = await this.webs[i % 2]!.get(`/api/messages/${messageId}`).catch(() => ({ status: 0, body: undefined }));
      if (status === 200 && body.status !== 'streaming') return body;
      if (Date.now() > deadline) throw new Error(`${messageId} did not end: ${status} ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * A subscriber that behaves as EventSource does: when its stream ends before the reply's end, or a
 * connection is refused, it connects again with the last id it saw, here alternately to either web
 * process, until it has the `done` or `error` event. Its `text` is what a client assembles.
 */
export class ResilientSubscriber {
  readonly events: ReceivedEvent[] = [];
  readonly refusals: number[] = [];
  connections = 0;
  readonly finished: Promise<void>;
  private lastId: string | undefined;

  constructor(
    private readonly webs: ApiClient[],
    private readonly messageId: string,
    first: number,
  ) {
    this.finished = this.follow(first);
  }

  get text(): string {
    return this.events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text as string)
      .join('');
  }

  get end(): ReceivedEvent | undefined {
    return this.events.find((e) => e.event === 'done' || e.event === 'error');
  }

  private async follow(first: number): Promise<void> {
    for (let attempt = first; !this.end; attempt++) {
      if (attempt > first + 400) throw new Error(`gave up following ${this.messageId}: ${JSON.stringify(this.refusals.slice(-5))}`);
      const web = this.webs[attempt % this.webs.length]!;
      this.connections++;
      try {
        const stream = await openEventStream(`${web.url}/api/messages/${this.messageId}/events`, web.token!, {
          ...(this.lastId ? { lastEventId: this.lastId } : {}),
          onEvent: (event) => {
            this.events.push(event);
            if (event.id) this.lastId = event.id;
          },
        });
        if (stream.status !== 200) this.refusals.push(stream.status);
        // As EventSource: an answer that says the request itself is wrong is not tried again.
        if (stream.status === 400 || stream.status === 404) return;
        await stream.closed;
      } catch {
        this.refusals.push(0);
      }
      // As EventSource's retry: a moment before connecting again.
      if (!this.end) await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Resolves once `condition` holds (checked every 20 ms), or fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
