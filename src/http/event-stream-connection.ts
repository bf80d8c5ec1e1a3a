import type { FastifyReply } from 'fastify';
import { connectionClosed } from './connection-closed.ts';
import { startEventStream } from './event-stream.ts';
import type { OpenStreams } from './open-streams.ts';
import { writePaced } from './paced-writer.ts';

export interface EventStreamSettings {
  openStreams: OpenStreams;
  /** A reader whose socket takes nothing for this long has fallen too far behind and is cut off. */
  slowSubscriberTimeoutMs: number;
  /** The subscribers gauge of this stream's transport, counted while the stream is open. */
  gauge: { inc(): void; dec(): void };
}

/** Writes one chunk at the reader's pace: true, or a promise of whether the reader is still there. */
export type SendChunk = (chunk: string) => boolean | Promise<boolean>;

/**
 * The one owner of an open Server-Sent Events connection, whatever protocol it speaks (JSON events,
 * Turbo, and each protocol to come): takes the response over, starts the stream, tracks it for a
 * graceful shutdown, counts it, paces each write to the reader (cutting off one that stays full), and,
 * however the stream ends (the protocol is done, the reader left, an error), aborts `closed`, releases
 * what the stream held (its stream slot, its cursor) and ends the response. `produce` writes with
 * `send` until it is done or `send` says the reader is gone.
 */
export async function serveEventStream(
  reply: FastifyReply,
  settings: EventStreamSettings,
  stream: { closed: AbortController; release(): void; onError(error: unknown): void },
  produce: (send: SendChunk) => Promise<void>,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  const out = startEventStream(res);
  res.on('close', () => stream.closed.abort(connectionClosed));
  const untrack = settings.openStreams.add(res);
  settings.gauge.inc();
  const slowMs = settings.slowSubscriberTimeoutMs;
  try {
    await produce((chunk) => writePaced(out, chunk, slowMs));
  } catch (error) {
    stream.onError(error);
  } finally {
    stream.closed.abort(connectionClosed);
    stream.release();
    untrack();
    settings.gauge.dec();
    if (!res.writableEnded) res.end();
  }
}
