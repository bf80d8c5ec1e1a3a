import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedReasoning, startFakeProvider, type FakeProvider } from '../../src/testing/fake-provider/server.ts';
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
      ANTHROPIC_BASE_URL: provider.anthropicBaseUrl,
      ANTHROPIC_API_KEY: 'test-key',
      HOTLINE_ANTHROPIC_THINKING_BUDGET: '2048',
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

  /**
   * A reply on `model` that calls refund_order: it waits for approval, seen on web A; its worker is killed;
   * it is approved on web B and a new worker takes it; `onB` follows it on web B, from the call's own id.
   */
  async function approvedAcross(model: string, orderId: string) {
    const chat = await webA.newChat({ model: `${model}&tool=refund_order&args=${encodeURIComponent(JSON.stringify({ orderId }))}`, tools: ['refund_order'] });
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

    const onB = await openEventStream(`${webB.url}/api/messages/${id}/events`, webB.token!, { lastEventId: lastId(onA.events)! });
    await onB.closed;
    return { id, toolCallId, onB };
  }

  it('finishes on a new worker a reply approved on a web process after its worker was killed', async () => {
    const orderId = `S-${Math.random().toString(36).slice(2, 8)}`;
    const { id, toolCallId, onB } = await approvedAcross('openai:across?tokens=5&rate=0', orderId);
    // Resumed on web B from the call's own id: exactly what came after it.
    expect(onB.events.filter((e) => e.event === 'tool-call')).toHaveLength(0);
    expect(onB.events.find((e) => e.event === 'tool-result')!.data).toEqual({ toolCallId, name: 'refund_order', output: `refunded ${orderId}` });
    expect(onB.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    const stored = (await webB.get(`/api/messages/${id}`)).body;
    expect(stored.parts[0]).toMatchObject({ state: 'done' });
    expect(refunds(orderId)).toBe(1);
  }, 90_000);

  it('hands Claude its signed thinking back from a new worker, after an approval given on a web process', async () => {
    const orderId = `C-${Math.random().toString(36).slice(2, 8)}`;
    const { onB } = await approvedAcross('anthropic:thinks-across?reasoning=4&tokens=3&rate=0', orderId);
    // Anthropic refuses a continuation without the thinking block and its signature: the reply would fail.
    expect(onB.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'completed' } });
    const continuation = provider.requests.filter((r) => r.model.startsWith('thinks-across?') && (r.body as { tools?: unknown }).tools)[1]!;
    const assistant = (continuation.body as { messages: Array<{ role: string; content: Array<{ type: string; thinking?: string }> }> }).messages[1]!;
    expect(assistant.content[0]).toEqual({ type: 'thinking', thinking: expectedReasoning(4), signature: expect.any(String) });
    expect(refunds(orderId)).toBe(1);
  }, 90_000);
});
