/**
 * Bytes on the wire per token of one reply, per transport: the JSON event stream, the AI SDK UI message
 * stream, Chat Completions and Responses streams, Durable Streams (SSE and long-poll) and Action Cable
 * (following the stream source from name to name as turbo-rails does). One reply at a time, so no deltas
 * are coalesced as they are under load. In-process and indicative:
 * `node --import tsx bench/protocol-bytes.ts [tokens] [rate]`.
 */
import { request } from 'node:http';
import WebSocket from 'ws';
import { ApiClient } from '../test/support/api-client.ts';
import { startHotline } from '../test/support/hotline-under-test.ts';

const tokens = Number(process.argv[2] ?? 300);
const rate = Number(process.argv[3] ?? 50);
const server = await startHotline({ HOTLINE_RATE_LIMITS: 'off' });
const alice = await new ApiClient(server.url).signUp();
const auth = { authorization: `Bearer ${alice.token}` };

const model = `openai:fake?tokens=${tokens}&rate=${rate}`;

async function reply() {
  const chat = await alice.newChat({ model });
  const { signedStreamName } = (await alice.get(`/api/chats/${chat.id}/cable`)).body;
  const id: string = (await alice.send(chat.id, 'Measure me')).assistantMessage.id;
  return { id, chatId: chat.id as string, signedStreamName };
}

/** One GET (or a POST of `body`), fresh connection: every byte read from its socket, headers included. */
function get(path: string, body?: object): Promise<{ bytes: number; status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers = { ...auth, connection: 'close', ...(body ? { 'content-type': 'application/json' } : {}) };
    const req = request(`${server.url}${path}`, { method: body ? 'POST' : 'GET', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ bytes: req.socket!.bytesRead, status: res.statusCode!, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function jsonSse() {
  const { id } = await reply();
  return { bytes: (await get(`/api/messages/${id}/events`)).bytes, requests: 1 };
}

async function aiSdk() {
  const { chatId } = await reply();
  return { bytes: (await get(`/api/ai-sdk/chat/${chatId}/stream`)).bytes, requests: 1 };
}

async function openAiChat() {
  const posted = await get('/v1/chat/completions', { model, stream: true, messages: [{ role: 'user', content: 'Measure me' }] });
  return { bytes: posted.bytes, requests: 1 };
}

async function openAiResponses() {
  const { id } = await reply();
  return { bytes: (await get(`/v1/responses/resp_${id}?stream=true`)).bytes, requests: 1 };
}

async function dsSse() {
  const { id } = await reply();
  let offset = '-1';
  let bytes = 0;
  let requests = 0;
  for (;;) {
    const res = await get(`/ds/messages/${id}?offset=${offset}&live=sse`);
    bytes += res.bytes;
    requests++;
    const settled = await alice.get(`/api/messages/${id}`);
    if (settled.body.status !== 'streaming') return { bytes, requests };
    offset = (await get(`/ds/messages/${id}?offset=now`)).headers['stream-next-offset'] as string;
  }
}

async function dsLongPoll() {
  const { id } = await reply();
  let offset = '-1';
  let bytes = 0;
  let requests = 0;
  for (;;) {
    const res = await get(`/ds/messages/${id}?offset=${offset}&live=long-poll`);
    bytes += res.bytes;
    requests++;
    if (res.headers['stream-closed'] === 'true') return { bytes, requests };
    offset = res.headers['stream-next-offset'] as string;
  }
}

async function actionCable() {
  const { signedStreamName } = await reply();
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/cable`, ['actioncable-v1-json', 'actioncable-unsupported']);
  const identifier = (name: string) => JSON.stringify({ channel: 'Turbo::StreamsChannel', signed_stream_name: name });
  let frames = 0;
  await new Promise<void>((resolve) => {
    socket.on('open', () => socket.send(JSON.stringify({ command: 'subscribe', identifier: identifier(signedStreamName) })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (typeof message.message !== 'string') return;
      frames++;
      const html: string = message.message;
      const next = /<turbo-cable-stream-source channel="[^"]+" signed-stream-name="([^"]+)"/.exec(html)![1]!;
      socket.send(JSON.stringify({ command: 'unsubscribe', identifier: message.identifier }));
      socket.send(JSON.stringify({ command: 'subscribe', identifier: identifier(next) }));
      if (/data-status="(completed|failed|cancelled)"/.test(html) && !html.includes('data-status="streaming"')) resolve();
    });
  });
  const raw = (socket as unknown as { _socket: { bytesRead: number; bytesWritten: number } })._socket;
  const result = { bytes: raw.bytesRead, up: raw.bytesWritten, requests: 1, frames };
  socket.close();
  return result;
}

type Measured = { bytes: number; requests: number; up?: number; frames?: number };
const results: Record<string, Measured> = Object.fromEntries(
  await Promise.all(
    Object.entries({
      'json-sse': jsonSse,
      'ai-sdk': aiSdk,
      'openai-chat': openAiChat,
      'openai-responses': openAiResponses,
      'durable-streams sse': dsSse,
      'durable-streams long-poll': dsLongPoll,
      'action-cable': actionCable,
    }).map(async ([name, run]) => [name, await run()] as const),
  ),
);
for (const [name, result] of Object.entries(results)) {
  const extra = result.up !== undefined ? `, ${(result.up / tokens).toFixed(1)} B/token up, ${result.frames} frames` : '';
  console.log(`${name.padEnd(26)} ${(result.bytes / tokens).toFixed(1).padStart(7)} B/token down, ${result.requests} request(s)${extra}`);
}
await server.close();
