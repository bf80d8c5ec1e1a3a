import type { IncomingMessage } from 'node:http';

/** How much of a refused body is read and thrown away so that its client gets to read the refusal. */
const drainLimit = { bytes: 256 * 1024 * 1024, ms: 10_000 };

/**
 * Reads the rest of a refused request body and throws it away, up to a bound. Answering a client that is
 * still sending and then closing makes the kernel reset the connection, which discards the answer
 * unread: a streaming client sees ECONNRESET/EPIPE instead of its 413. Reading the body first (as
 * nginx's lingering close does) lets the refusal arrive; the bound keeps a client from holding the
 * connection forever.
 */
export function drainRequest(request: IncomingMessage): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      request.off('data', onData).off('end', done).off('error', done).off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > drainLimit.bytes) done();
    };
    const timer = setTimeout(done, drainLimit.ms);
    request.on('data', onData).on('end', done).on('error', done).on('close', done);
    request.resume();
  });
}
