import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { freePort, runHotline, runRedis, type RunningProcess, scaleOutEnv } from '../support/processes.ts';
import { freshPostgresDatabase, postgresUp, redisUp } from '../support/services.ts';
import { appendedIds, isFinal, openTurboStream } from './support/turbo-sse-client.ts';
import { renderedPosition, WebClient } from './support/web-client.ts';

/**
 * The web app on two web processes and a worker, sharing PostgreSQL and Redis: a page on one process
 * hears of a reply sent through the other (the chat's log is a Redis stream too), and its stream
 * resumes on the other process exactly.
 */
describe.runIf(redisUp && postgresUp)('the web app across processes', () => {
  let provider: FakeProvider;
  let redis: Awaited<ReturnType<typeof runRedis>>;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  const processes: RunningProcess[] = [];
  let urlA: string;
  let urlB: string;

  beforeAll(async () => {
    provider = await startFakeProvider();
    redis = await runRedis();
    database = await freshPostgresDatabase();
    const env = {
      ...scaleOutEnv({ database, redis, provider }),
      HOTLINE_RATE_LIMITS: 'off',
      LOG_LEVEL: 'info',
    };
    const start = async (role: 'web' | 'worker') => {
      const port = role === 'web' ? await freePort() : 1;
      const started = runHotline({ ...env, HOTLINE_ROLE: role, PORT: String(port) });
      processes.push(started);
      await started.waitFor(role === 'web' ? /Hotline is listening/ : /Hotline worker is taking jobs/);
      return `http://127.0.0.1:${port}`;
    };
    urlA = await start('web');
    [urlB] = await Promise.all([start('web'), start('worker')]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis?.stop('SIGKILL');
    await provider?.close();
    await database?.drop();
  });

  it('streams a reply sent through one web process to a page on the other, and resumes it there', async () => {
    const onA = new WebClient(urlA);
    await onA.signUp();
    const chatId = await onA.newChat({ model: 'openai:fake?tokens=300&rate=100' });
    const position = renderedPosition((await onA.get(`/chats/${chatId}`)).text);
    const stream = await openTurboStream(`${urlA}/chats/${chatId}/stream?position=${position}`, onA.cookieHeader);

    const onB = new WebClient(urlB);
    for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
    await onB.get(`/chats/${chatId}`);
    expect((await onB.post(`/chats/${chatId}/messages`, { content: 'Across processes' })).status).toBe(303);

    await stream.until((events) => appendedIds(events).length >= 3);
    stream.cut();
    const replyId = /id="message_([^"]+)" class="message message--assistant"/.exec(stream.events[0]!.data)![1]!;
    const resumed = await openTurboStream(`${urlB}/chats/${chatId}/stream?position=${position}`, onB.cookieHeader, stream.events.at(-1)!.id);
    await resumed.until((events) => events.some((e) => isFinal(e, replyId)));
    resumed.cut();
    const blocks = [...appendedIds(stream.events), ...appendedIds(resumed.events)];
    expect(blocks).toEqual(blocks.map((_, i) => `message_${replyId}_block_${i}`));
  });
});
