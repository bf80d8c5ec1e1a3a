/**
 * The baseline: the smallest relay that does the same job, written with bare `node:http`. No framework, no
 * database, no authentication, no backpressure handling. A reply is an array of text pieces in memory; each
 * subscriber gets every piece as one SSE event whose id is its offset, and resumes from the offset it last
 * saw (`Last-Event-ID` or `?lastEventId=`). Started by the bench as a child process:
 *   PORT=… PROVIDER_URL=http://127.0.0.1:…/v1 node --import tsx bench/baseline-relay.ts
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

interface Reply {
  pieces: string[];
  frames: string[];
  done: boolean;
  subscribers: Set<ServerResponse>;
}

const provider = new URL(process.env['PROVIDER_URL'] ?? 'http://127.0.0.1:9999/v1');
const keepAliveMs = Number(process.env['KEEPALIVE_MS'] ?? 10_000);
const replies = new Map<string, Reply>();
let lastReplyId = 0;

const frameOf = (offset: number, text: string) => `id: ${offset}\ndata: ${JSON.stringify({ text })}\n\n`;
const doneFrame = 'event: done\ndata: {}\n\n';

function startReply(model: string): string {
  const id = String(++lastReplyId);
  const reply: Reply = { pieces: [], frames: [], done: false, subscribers: new Set() };
  replies.set(id, reply);
  const body = JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Hello' }] });
  const upstream = request(
    {
      host: provider.hostname,
      port: provider.port,
      path: `${provider.pathname}/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    },
    (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith('data: {')) continue;
          const text = (JSON.parse(frame.slice(6)) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content;
          if (text) publish(reply, text);
        }
      });
      res.on('end', () => finish(reply));
      res.on('error', () => finish(reply));
    },
  );
  upstream.on('error', () => finish(reply));
  upstream.end(body);
  return id;
}

function publish(reply: Reply, text: string): void {
  reply.pieces.push(text);
  const frame = frameOf(reply.pieces.length, text);
  reply.frames.push(frame);
  for (const res of reply.subscribers) res.write(frame);
}

function finish(reply: Reply): void {
  if (reply.done) return;
  reply.done = true;
  for (const res of reply.subscribers) res.end(doneFrame);
  reply.subscribers.clear();
}

function subscribe(req: IncomingMessage, res: ServerResponse, reply: Reply, url: URL): void {
  const lastEventId = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? '0';
  const offset = Number(lastEventId);
  if (!Number.isInteger(offset) || offset < 0 || offset > reply.pieces.length) return send(res, 400, { error: 'bad Last-Event-ID' });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const missed = reply.frames.slice(offset).join('');
  if (reply.done) return void res.end(missed + doneFrame);
  if (missed) res.write(missed);
  else res.flushHeaders();
  reply.subscribers.add(res);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  res.on('close', () => {
    clearInterval(heartbeat);
    reply.subscribers.delete(res);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://relay');
  const events = /^\/replies\/(\d+)\/events$/.exec(url.pathname);
  if (req.method === 'GET' && events) {
    const reply = replies.get(events[1]!);
    return reply ? subscribe(req, res, reply, url) : send(res, 404, { error: 'no such reply' });
  }
  if (req.method === 'POST' && url.pathname === '/replies') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => send(res, 201, { id: startReply(String((JSON.parse(body) as { model: string }).model)) }));
    return;
  }
  send(res, 404, { error: 'not found' });
});

server.listen({ port: Number(process.env['PORT'] ?? 3100), host: '127.0.0.1' }, () => {
  console.log(`baseline relay listening on ${server.address() && JSON.stringify(server.address())}`);
});
process.on('SIGTERM', () => process.exit(0));
