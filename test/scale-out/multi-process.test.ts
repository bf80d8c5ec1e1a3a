import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { freePort, runHotline, runRedis, type RunningProcess, scaleOutEnv } from '../support/processes.ts';
import { freshPostgresDatabase, postgresUp, redisUp } from '../support/services.ts';
import { lastId, openEventStream, textOf } from '../support/sse-client.ts';

/**
 * Two web processes and one worker on loopback, sharing PostgreSQL and a private Redis, as they would
 * behind a load balancer. A client may reach any web process at any moment.
 */
describe.runIf(redisUp && postgresUp)('several web and worker processes', () => {
  let provider: FakeProvider;
  let redis: Awaited<ReturnType<typeof runRedis>>;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let env: Record<string, string>;
  const processes: RunningProcess[] = [];
  let webA: ApiClient;
  let webB: ApiClient;
  let worker: RunningProcess;

  async function startWeb(): Promise<string> {
    const port = await freePort();
    const web = runHotline({ ...env, HOTLINE_ROLE: 'web', PORT: String(port) });
    processes.push(web);
    await web.waitFor(/Hotline is listening/);
    return `http://127.0.0.1:${port}`;
  }

  async function startWorker(): Promise<RunningProcess> {
    const started = runHotline({ ...env, HOTLINE_ROLE: 'worker', PORT: '1' });
    processes.push(started);
    await started.waitFor(/Hotline worker is taking jobs/);
    return started;
  }

  beforeAll(async () => {
    provider = await startFakeProvider();
    redis = await runRedis();
    database = await freshPostgresDatabase();
    env = {
      ...scaleOutEnv({ database, redis, provider }),
      HOTLINE_RATE_LIMITS: 'off',
    };
    // The database is migrated by the first process; the others find it ready.
    const urlA = await startWeb();
    const [urlB, startedWorker] = await Promise.all([startWeb(), startWorker()]);
    worker = startedWorker;
    webA = await new ApiClient(urlA).signUp();
    webB = new ApiClient(urlB, webA.token);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis?.stop('SIGKILL');
    await provider?.close();
    await database?.drop();
  });

  const events = (client: ApiClient, id: string) => `${client.url}/api/messages/${id}/events`;

  it('follows from web B a reply posted through web A', async () => {
    const chat = await webA.newChat({ model: 'openai:across?tokens=40&rate=200' });
    const { assistantMessage } = await webA.send(chat.id, 'Hello from A');
    const stream = await openEventStream(events(webB, assistantMessage.id), webB.token!);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    expect(textOf(stream.events)).toBe((await webB.get(`/api/messages/${assistantMessage.id}`)).body.content);
  });

  it('resumes on web B, with exactly the missing text, a subscriber cut mid-reply on web A', async () => {
    const chat = await webA.newChat({ model: 'openai:resume?tokens=120&rate=100' });
    const { assistantMessage } = await webA.send(chat.id, 'Long one');
    const onA = await openEventStream(events(webA, assistantMessage.id), webA.token!);
    await onA.until((received) => received.length >= 10);
    onA.cut();
    await onA.closed;
    const onB = await openEventStream(events(webB, assistantMessage.id), webB.token!, { lastEventId: lastId(onA.events)! });
    await onB.closed;
    const stored = await webB.settled(assistantMessage.id);
    expect(stored.status).toBe('completed');
    expect(textOf(onA.events) + textOf(onB.events)).toBe(stored.content);
  });

  it('stops, from web B, a job running on the worker: the provider sees its socket close', async () => {
    const chat = await webA.newChat({ model: 'openai:stop-across?tokens=400&rate=40' });
    const { assistantMessage } = await webA.send(chat.id, 'Go on and on');
    const onA = await openEventStream(events(webA, assistantMessage.id), webA.token!);
    await onA.until((received) => received.length >= 5);
    const stopped = await webB.post(`/api/messages/${assistantMessage.id}/stop`);
    expect(stopped.status).toBe(202);
    const abort = await provider.waitForAbort((a) => a.model.startsWith('stop-across'), 5_000);
    expect(abort.tokensSent).toBeLessThan(400);
    await onA.closed;
    expect(onA.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
    const stored = await webA.settled(assistantMessage.id);
    expect(stored.status).toBe('cancelled');
    expect(stored.content).toBe(textOf(onA.events));
  });

  it('ends a reply "interrupted" within 10 s when its worker is killed, keeping every logged token; a new worker takes new jobs', async () => {
    const chat = await webA.newChat({ model: 'openai:doomed?tokens=1000&rate=50' });
    const { assistantMessage } = await webA.send(chat.id, 'You will not finish');
    const subscribers = [
      await openEventStream(events(webA, assistantMessage.id), webA.token!),
      await openEventStream(events(webB, assistantMessage.id), webB.token!),
    ];
    await subscribers[0]!.until((received) => received.length >= 10);
    await worker.stop('SIGKILL');
    const killedAt = Date.now();
    await Promise.all(subscribers.map((s) => s.until((received) => received.at(-1)?.event === 'error', 15_000)));
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    const stored = await webB.get(`/api/messages/${assistantMessage.id}`);
    expect(stored.body.status).toBe('failed');
    expect(stored.body.error).toMatch(/interrupted/);
    for (const subscriber of subscribers) {
      expect(subscriber.events.at(-1)!.data).toMatchObject({ status: 'failed', message: expect.stringMatching(/interrupted/) });
      expect(textOf(subscriber.events)).toBe(stored.body.content);
    }

    worker = await startWorker();
    const next = await webB.newChat({ model: 'openai:after?tokens=10&rate=0' });
    const { assistantMessage: reply } = await webB.send(next.id, 'Anyone there?');
    expect((await webA.settled(reply.id, 15_000)).status).toBe('completed');
  }, 60_000);

  it('lets a worker told to stop (SIGTERM) finish the reply it has, then exit', async () => {
    const chat = await webA.newChat({ model: 'openai:last-words?tokens=60&rate=40' });
    const { assistantMessage } = await webA.send(chat.id, 'Finish this one');
    const stream = await openEventStream(events(webB, assistantMessage.id), webB.token!);
    await stream.until((received) => received.length >= 3);
    expect(await worker.stop('SIGTERM')).toBe(0);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    worker = await startWorker();
  }, 30_000);

  it('ends the streams of a web process told to stop (SIGTERM), and its clients resume on another', async () => {
    const urlC = await startWeb();
    const webC = new ApiClient(urlC, webA.token);
    const web = processes.at(-1)!;
    const chat = await webA.newChat({ model: 'openai:moving?tokens=100&rate=50' });
    const { assistantMessage } = await webA.send(chat.id, 'Keep going');
    const onC = await openEventStream(events(webC, assistantMessage.id), webC.token!);
    await onC.until((received) => received.length >= 5);
    expect(await web.stop('SIGTERM')).toBe(0);
    await onC.closed;
    expect(onC.events.some((e) => e.event === 'done')).toBe(false);
    const onB = await openEventStream(events(webB, assistantMessage.id), webB.token!, { lastEventId: lastId(onC.events)! });
    await onB.closed;
    expect(textOf(onC.events) + textOf(onB.events)).toBe((await webB.settled(assistantMessage.id)).content);
  }, 30_000);

  it('recovers, without restarting any process, from a Redis restart while idle', async () => {
    await redis.stop('SIGTERM');
    redis = await runRedis(redis.port);
    // The processes reconnect on their own; the first request may arrive before they have.
    let reply: { id: string } | undefined;
    for (let attempt = 0; attempt < 50 && !reply; attempt++) {
      const chat = await webA.newChat({ model: 'openai:after-restart?tokens=15&rate=0' });
      const response = await webA.post(`/api/chats/${chat.id}/messages`, { content: 'Still there?' });
      if (response.status === 202) reply = response.body.assistantMessage;
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(reply).toBeDefined();
    const stream = await openEventStream(events(webB, reply!.id), webB.token!);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    expect((await fetch(`${webB.url}/readyz`)).status).toBe(200);
  }, 60_000);
});
