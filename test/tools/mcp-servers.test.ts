import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished as onTeardown } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createHotline } from '../../src/hotline.ts';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { startHttpOrdersServer, type HttpOrdersServer } from '../support/mcp/http-orders-server.ts';
import { openEventStream } from '../support/sse-client.ts';

const stdioServer = join(import.meta.dirname, '../support/mcp/stdio-orders-server.ts');
const recordFile = join(mkdtempSync(join(tmpdir(), 'hotline-mcp-')), 'calls.log');
const stdioSetting = { command: process.execPath, args: ['--import', 'tsx', stdioServer], env: { RECORD_FILE: recordFile } };

let http: HttpOrdersServer;
let overStdio: HotlineUnderTest;
let overHttp: HotlineUnderTest;
beforeAll(async () => {
  http = await startHttpOrdersServer();
  const env = { HOTLINE_RATE_LIMITS: 'off', HOTLINE_TOOL_TIMEOUT_MS: '700', HOTLINE_MAX_TOOL_OUTPUT_BYTES: String(64 * 1024) };
  [overStdio, overHttp] = await Promise.all([
    startHotline({ ...env, HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: stdioSetting } }) }),
    startHotline({ ...env, HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: { url: http.url } } }) }),
  ]);
}, 30_000);
afterAll(() => Promise.all([overStdio?.close(), overHttp?.close(), http?.close()]));

const stdioCalls = () => (existsSync(recordFile) ? readFileSync(recordFile, 'utf8').split('\n').filter(Boolean) : []);

/** Waits until the server has recorded a line (the record is the server's own, written as it runs). */
async function recorded(calls: () => string[], line: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!calls().includes(line)) {
    if (Date.now() > deadline) throw new Error(`the MCP server never recorded "${line}"; it has: ${calls().join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const call = (name: string, args: unknown) => `tool=${name}&args=${encodeURIComponent(JSON.stringify(args))}`;
const tools = ['lookup_order', 'slow', 'crash', 'big', 'refund_order'];

describe.each([
  ['stdio (a child process)', () => overStdio, stdioCalls],
  ['Streamable HTTP', () => overHttp, () => http.calls],
])('an MCP server over %s', (_name, on, calls) => {
  async function ask(model: string) {
    const alice = await new ApiClient(on().url).signUp();
    const chat = await alice.newChat({ model, tools });
    const { assistantMessage } = await alice.send(chat.id, 'Where is my order?');
    const stream = await openEventStream(`${on().url}/api/messages/${assistantMessage.id}/events`, alice.token!);
    return { alice, id: assistantMessage.id as string, stream };
  }
  async function answered(model: string) {
    const { alice, id, stream } = await ask(model);
    await stream.closed;
    return { events: stream.events, stored: (await alice.get(`/api/messages/${id}`)).body, result: stream.events.find((e) => e.event === 'tool-result')?.data };
  }

  it('lists its tools under their own names', async () => {
    const alice = await new ApiClient(on().url).signUp();
    const { body } = await alice.get('/api/tools');
    expect(
      body.tools
        .filter((t: { source: string }) => t.source === 'orders')
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual([...tools].sort());
  });

  it('is called with the model’s arguments, and the model answers with its result', async () => {
    const orderId = `A-${Math.random().toString(36).slice(2, 8)}`;
    const { result, stored } = await answered(`openai:m?tokens=3&rate=0&${call('lookup_order', { orderId })}`);
    expect(result).toMatchObject({ name: 'lookup_order', output: { orderId, status: 'shipped' } });
    expect(calls()).toContain(`lookup_order ${orderId}`);
    expect(stored.status).toBe('completed');
    expect(stored.content).toContain(`"status":"shipped"`);
  });

  it('gives up a slow call at the timeout, cancels it on the server, and the model goes on', async () => {
    const before = calls().filter((line) => line === 'slow cancelled').length;
    const { result, stored } = await answered(`anthropic:m?tokens=3&rate=0&${call('slow', { ms: 60_000 })}`);
    expect(result).toMatchObject({ name: 'slow', error: 'The tool did not answer within 700 ms.' });
    expect(stored.status).toBe('completed');
    await expect.poll(() => calls().filter((line) => line === 'slow cancelled').length, { timeout: 5_000 }).toBe(before + 1);
  });

  it('caps a tool’s output: 1 MiB is an error the model reads', async () => {
    const { result, stored } = await answered(`openai:m?tokens=3&rate=0&${call('big', {})}`);
    expect(result.error).toMatch(/^The tool's output was \d+ bytes, more than the 65536 allowed\.$/);
    expect(stored.status).toBe('completed');
  });

  it('stops a running call when the reply is stopped', async () => {
    const before = calls().filter((line) => line === 'slow cancelled').length;
    const { alice, id, stream } = await ask(`openai:m?tokens=3&rate=0&${call('slow', { ms: 500 + 60_000 })}`);
    await stream.until((events) => events.some((e) => e.event === 'tool-call'));
    await recorded(calls, 'slow started');
    const stopped = await alice.post(`/api/messages/${id}/stop`);
    expect(stopped.status).toBe(202);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
    expect((await alice.get(`/api/messages/${id}`)).body.parts[0]).toMatchObject({ type: 'tool-call', name: 'slow', state: 'failed' });
    await expect.poll(() => calls().filter((line) => line === 'slow cancelled').length, { timeout: 5_000 }).toBe(before + 1);
  });
});

describe('an MCP server that fails', () => {
  it('dies mid-call (stdio): the call ends with an error, the reply goes on, and the next call starts it again', async () => {
    // The default tool timeout: starting the server again is part of the next call's time.
    const server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: stdioSetting } }) });
    onTeardown(() => server.close());
    const alice = await new ApiClient(server.url).signUp();
    const chat = await alice.newChat({ model: `openai:crash?tokens=2&rate=0&${call('crash', {})}`, tools });
    const crashed = await alice.settled((await alice.send(chat.id, 'Crash')).assistantMessage.id);
    expect(crashed.status).toBe('completed');
    expect(crashed.parts[0]).toMatchObject({ name: 'crash', state: 'failed', error: expect.stringMatching(/^The tool server orders failed/) });
    const again = await alice.newChat({ model: `openai:after?tokens=2&rate=0&${call('lookup_order', { orderId: 'B-2' })}`, tools });
    const fine = await alice.settled((await alice.send(again.id, 'Again')).assistantMessage.id);
    expect(fine.parts[0], JSON.stringify(fine.parts[0])).toMatchObject({ name: 'lookup_order', state: 'done', output: { orderId: 'B-2', status: 'shipped' } });
  });

  it('vanishes (HTTP): the call ends with an error the model reads, never a crashed job', async () => {
    const gone = await startHttpOrdersServer();
    const server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { shop: { url: gone.url } } }) });
    try {
      const alice = await new ApiClient(server.url).signUp();
      const chat = await alice.newChat({ model: `openai:v?tokens=2&rate=0&${call('crash', {})}`, tools: ['crash'] });
      const reply = await alice.settled((await alice.send(chat.id, 'Crash')).assistantMessage.id);
      expect(reply.status).toBe('completed');
      expect(reply.parts[0]).toMatchObject({
        name: 'crash',
        state: 'failed',
        error: expect.stringMatching(/^The tool server shop (failed|cannot be reached)/),
      });
      expect(reply.content).toContain('Tool results: The tool server shop');
    } finally {
      await server.close();
    }
  });

  it('cannot be reached at start-up: logged, its tools missing, the server starts', async () => {
    const server = await startHotline({ HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { nowhere: { url: 'http://127.0.0.1:1/mcp' } } }) });
    try {
      const alice = await new ApiClient(server.url).signUp();
      const { body } = await alice.get('/api/tools');
      expect(body.tools.map((t: { name: string }) => t.name)).toEqual(['current_time', 'knowledge_search']);
    } finally {
      await server.close();
    }
  });

  it('stops start-up with a clear line when two tools have one name', async () => {
    const config = loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'silent',
      HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { one: { url: http.url }, two: { url: http.url } } }),
    });
    await expect(createHotline(config)).rejects.toThrow('Invalid configuration: HOTLINE_MCP_SERVERS: two tools are named lookup_order (from one and two)');
  });

  it('refuses a malformed HOTLINE_MCP_SERVERS with one line naming the variable', () => {
    expect(() => loadConfig({ HOTLINE_MCP_SERVERS: '{"mcpServers": {"x": {"args": []}}}' })).toThrow(/^Invalid configuration: HOTLINE_MCP_SERVERS: /);
    expect(() => loadConfig({ HOTLINE_MCP_SERVERS: '/no/such/file.json' })).toThrow(
      'Invalid configuration: HOTLINE_MCP_SERVERS: no JSON object and no readable file at /no/such/file.json',
    );
  });
});
