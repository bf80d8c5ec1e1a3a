import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { freePort, runHotline, runRedis, type RunningProcess, scaleOutEnv } from '../support/processes.ts';
import { freshPostgresDatabase, postgresUp, redisUp } from '../support/services.ts';
import { streamingUser, streamKinds, type OpenedStream, type StreamKind, type StreamingUser } from '../support/stream-kinds.ts';

/**
 * HOTLINE_SUBSCRIPTIONS_PER_USER held across two web processes sharing one Redis: a user's streams on
 * either process count against one cap, and the slots of a process that is killed come back.
 */
describe.runIf(redisUp && postgresUp)('the cap on open streams per user, across web processes', () => {
  let provider: FakeProvider;
  let redis: Awaited<ReturnType<typeof runRedis>>;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  const processes: RunningProcess[] = [];
  const web: Array<{ url: string; process: RunningProcess }> = [];

  beforeAll(async () => {
    provider = await startFakeProvider();
    redis = await runRedis();
    database = await freshPostgresDatabase();
    const env = {
      ...scaleOutEnv({ database, redis, provider }),
      HOTLINE_SUBSCRIPTIONS_PER_USER: '3',
      HOTLINE_MESSAGES_PER_MINUTE: '1000',
    };
    const start = async () => {
      const port = await freePort();
      const started = runHotline({ ...env, HOTLINE_ROLE: 'web', PORT: String(port) });
      processes.push(started);
      // Patient: tsx compiles the whole app at start-up, slow on a machine busy with other tests.
      await started.waitFor(/Hotline is listening/, 60_000);
      web.push({ url: `http://127.0.0.1:${port}`, process: started });
    };
    // The database is migrated by the first process; the other finds it ready. No worker: the replies
    // stay queued, `streaming`, so their event streams stay open as long as the test holds them.
    await start();
    await start();
  }, 150_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis?.stop('SIGKILL');
    await provider?.close();
    await database?.drop();
  });

  const refusal = { events: 429, chatSse: 429, webSocket: 4429 };
  const kinds = Object.keys(streamKinds) as StreamKind[];

  async function openOnceFree(kind: StreamKind, url: string, user: StreamingUser, timeout = 1_000): Promise<OpenedStream> {
    let opened: OpenedStream | undefined;
    await expect
      .poll(
        async () => {
          opened = await streamKinds[kind](url, user);
          return opened.status;
        },
        { timeout, interval: 100 },
      )
      .toBe(200);
    return opened!;
  }

  it("counts a user's streams on both processes against one cap, for every kind", async () => {
    const [a, b] = web.map((process) => process.url) as [string, string];
    const user = await streamingUser(a);
    const held = [await streamKinds.events(a, user), await streamKinds.chatSse(b, user), await streamKinds.webSocket(a, user)];
    expect(held.map((stream) => stream.status)).toEqual([200, 200, 200]);
    for (const url of [a, b]) {
      for (const kind of kinds) expect((await streamKinds[kind](url, user)).status, `${kind} on ${url}`).toBe(refusal[kind]);
    }
    // A stream closed on one process frees a slot for the other.
    held[1]!.close();
    held[1] = await openOnceFree('webSocket', a, user);
    expect((await streamKinds.events(b, user)).status).toBe(429);
    for (const stream of held) stream.close();
  });

  it('gives back the slots of a web process that is killed, within its lease, to the other', async () => {
    const [a, b] = web as [(typeof web)[0], (typeof web)[0]];
    const user = await streamingUser(b.url);
    const onA = await Promise.all(kinds.map((kind) => streamKinds[kind](a.url, user)));
    expect(onA.map((stream) => stream.status)).toEqual([200, 200, 200]);
    expect((await streamKinds.events(b.url, user)).status).toBe(429);
    await a.process.stop('SIGKILL');
    // Killed: it releases nothing and renews nothing; its leases lapse (5 s after their last renewal,
    // each at its own moment) and B may open all three.
    const onB = [];
    for (const kind of kinds) onB.push(await openOnceFree(kind, b.url, user, 10_000));
    expect((await streamKinds.events(b.url, user)).status).toBe(429);
    for (const stream of onB) stream.close();
  });
});
