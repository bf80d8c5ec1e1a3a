import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { ReplyFrame } from './reply-frame.ts';
import { resumeId } from './resume-id.ts';

/**
 * The JSON event stream's wire format (API.md): one SSE event per frame; deltas and reasoning carry the resume id.
 * The field order (`id`, `event`, `data`) is the contract's.
 */
export function encodeSse(messageId: string, frame: ReplyFrame): string {
  switch (frame.type) {
    case 'delta':
      return encodeDelta(messageId, frame);
    case 'reasoning':
      return `id: ${resumeId(messageId, frame.position)}\nevent: reasoning\ndata: ${JSON.stringify({ text: frame.text })}\n\n`;
    case 'thinking':
      return `event: thinking\ndata: ${JSON.stringify({ step: frame.step })}\n\n`;
    case 'sources':
      return `event: sources\ndata: ${JSON.stringify({ sources: frame.sources })}\n\n`;
    case 'done':
      latestDeltas.delete(messageId);
      return `event: done\ndata: ${JSON.stringify({ status: frame.status, finishReason: frame.finishReason, usage: frame.usage })}\n\n`;
    case 'error':
      latestDeltas.delete(messageId);
      return `event: error\ndata: ${JSON.stringify({ status: frame.status, message: frame.message })}\n\n`;
  }
}

// Every subscriber at the tail of a reply is sent the same delta: it is encoded once, for all of them.
const latestDeltas = new Map<string, { text: string; position: number; encoded: string }>();

function encodeDelta(messageId: string, frame: Extract<ReplyFrame, { type: 'delta' }>): string {
  const latest = latestDeltas.get(messageId);
  if (latest && latest.position === frame.position && latest.text === frame.text) return latest.encoded;
  const encoded = `id: ${resumeId(messageId, frame.position)}\nevent: delta\ndata: ${JSON.stringify({ text: frame.text })}\n\n`;
  // Bounded: a reply whose subscribers all left before its end leaves one entry behind.
  if (latestDeltas.size >= 10_000) latestDeltas.clear();
  latestDeltas.set(messageId, { text: frame.text, position: frame.position, encoded });
  return encoded;
}

/** A batch of frames as one chunk: one write for everything a subscriber is owed. */
export function encodeSseFrames(messageId: string, frames: ReplyFrame[]): string {
  let chunk = '';
  for (const frame of frames) chunk += encodeSse(messageId, frame);
  return chunk;
}

export const sseKeepAlive = ': keep-alive\n\n';

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  connection: 'close',
};

/**
 * Starts an event stream on a raw response (status 200, the headers above, sent at once) and returns
 * where its events are to be written. Its body is delimited by the end of the connection instead of
 * being chunked (HTTP/1.1, RFC 9112 §6.3): an event stream has no length to announce and ends its
 * connection anyway, while chunk framing would add 5 to 7 bytes and a four-buffer writev to every token.
 * EventSource, HTTP clients and proxies (nginx) read it as any body. Such a body is nothing but the
 * bytes that follow the head, so the events go straight to the connection, past the response's write
 * path, which corks the socket and defers a flush for every write. Only a response still queued behind
 * another on its connection (pipelining) has no socket yet: it is written through the response.
 */
export function startEventStream(res: ServerResponse): Writable {
  res.removeHeader('transfer-encoding');
  res.removeHeader('content-length');
  res.writeHead(200, sseHeaders);
  res.flushHeaders();
  return res.socket ?? res;
}
