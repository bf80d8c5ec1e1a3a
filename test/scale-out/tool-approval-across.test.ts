import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
import { ApiClient } from '../support/api-client.ts';
import { freePort, runHotline, runRedis, type RunningProcess, scaleOutEnv } from '../support/processes.ts';
import { freshPostgresDatabase, postgresUp, redisUp } from '../support/services.ts';
import { lastId, openEventStream } from '../support/sse-client.ts';

/**
 * Tools scaled out: two web processes and a worker on PostgreSQL and Redis, each with its own connection to
 * a real MCP server (stdio). A reply that waits for approval holds no worker: the worker is killed while it
 * waits, the approval is given on a web process, and a new worker runs the tool and finishes the reply.
 */
describe.runIf(redisUp && postgresUp)('tool calls across processes', () => {
  let provider: FakeProvider;
  let redis: Awaited<ReturnType<typeof runRedis>>;
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let env: Record<string, string>;
  const processes: RunningProcess[] = [];
  const recordFile = join(mkdtempSync(join(tmpdir(), 'hotline-mcp-')), 'calls.log');
  const refunds = (orderId: string) =>
    (existsSync(recordFile) ? readFileSync(recordFile, 'utf8').split('\n') : []).filter((l) => l === `refund_order ${orderId}`).length;

  async function startWeb(): Promise<string> {
    const port = await freePort();
    const web = runHotline({ ...env, HOTLINE_ROLE: 'web', PORT: String(port) });
    processes.push(web);
    await web.waitFor(/Hotline is listening/, 30_000);
    return `http://127.0.0.1:${port}`;
  }

  async function startWorker(): Promise<RunningProcess> {
    const worker = runHotline({ ...env, HOTLINE_ROLE: 'worker', PORT: '1' });
    processes.push(worker);
    await worker.waitFor(/Hotline worker is taking jobs/, 30_000);
    return worker;
  }

  let webA: ApiClient;
  let webB: ApiClient;
  let worker: RunningProcess;
  beforeAll(async () => {
    provider = await startFakeProvider();
    redis = await runRedis();
    database = await freshPostgresDatabase();
    const server = join(import.meta.dirname, '../support/mcp/stdio-orders-server.ts');
    env = {
      ...scaleOutEnv({ database, redis, provider }),
      HOTLINE_RATE_LIMITS: 'off',
      HOTLINE_MCP_SERVERS: JSON.stringify({
        mcpServers: {
          orders: { command: process.execPath, args: ['--import', 'tsx', server], env: { RECORD_FILE: recordFile }, requireApproval: ['refund_order'] },
        },
      }),
    };
    const urlA = await startWeb();
    const [urlB, started] = await Promise.all([startWeb(), startWorker()]);
    worker = started;
    webA = await new ApiClient(urlA).signUp();
    webB = new ApiClient(urlB, webA.token);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await redis?.stop('SIGKILL');
    await provider?.close();
    await database?.drop();
  });

  it('finishes on a new worker a reply approved on a web process after its worker was killed', async () => {
    const orderId = `S-${Math.random().toString(36).slice(2, 8)}`;
    const chat = await webA.newChat({
      model: `openai:across?tokens=5&rate=0&tool=refund_order&args=${encodeURIComponent(JSON.stringify({ orderId }))}`,
      tools: ['refund_order'],
    });
    const { assistantMessage } = await webA.send(chat.id, 'Refund it');
    const id = assistantMessage.id as string;
    const onA = await openEventStream(`${webA.url}/api/messages/${id}/events`, webA.token!);
    await onA.until((events) => events.some((e) => e.event === 'approval'), 30_000);
    const toolCallId = onA.events.find((e) => e.event === 'tool-call')!.data.toolCallId as string;
    onA.cut();

    await worker.stop('SIGKILL');
    expect((await webB.get(`/api/messages/${id}`)).body.status).toBe('awaiting_approval');
    expect((await webB.post(`/api/messages/${id}/tool-calls/${toolCallId}`, { approved: true })).status).toBe(202);
    worker = await startWorker();

    // Resumed on web B from the call's own id: exactly what came after it.
    const onB = await openEventStream(`${webB.url}/api/messages/${id}/events`, webB.token!, { lastEventId: lastId(onA.events)! });
    await onB.closed;
    expect(onB.events.filter((e) => e.event === 'tool-call')).toHaveLength(0);
    expect(onB.events.find((e) => e.event === 'tool-result')!.data).toEqual({ toolCallId, name: 'refund_order', output: `refunded ${orderId}` });
    expect(onB.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    const stored = (await webB.get(`/api/messages/${id}`)).body;
    expect(stored.parts[0]).toMatchObject({ state: 'done' });
    expect(refunds(orderId)).toBe(1);
  }, 90_000);
});
