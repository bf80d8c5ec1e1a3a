import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';

// Server-Sent Events as a transport, for every protocol that streams over it (JSON events, Turbo, and the ones to come).

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
