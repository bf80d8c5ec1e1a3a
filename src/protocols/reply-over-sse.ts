import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Hotline } from '../hotline.ts';
import type { OpenStreams } from '../http/open-streams.ts';
import { takeStreamSlot } from '../http/stream-slot.ts';
import type { MessageRow } from '../messages/message.ts';
import type { ReplyFrame } from '../streams/reply-frame.ts';
import { openFollower, type ReplyFollower } from '../streams/reply-follower.ts';
import { sseKeepAlive } from '../http/event-stream.ts';
import { serveEventStream } from '../http/event-stream-connection.ts';
import { connectionClosed } from '../http/connection-closed.ts';

/** What a protocol makes of a reply's frames: the bytes of its chunks, from the first to its one terminal chunk. */
export interface ReplyEncoder {
  /** The protocol's name, as the subscribers metric labels its connections. */
  readonly transport: string;
  /** The chunks that open the stream (before any frame), e.g. a `start` or `response.created`. */
  opening(): string;
  /** The chunks for a batch of frames; the terminal frame's chunks end the stream (with `[DONE]` where the protocol has it). */
  frames(frames: ReplyFrame[]): string;
  /** The stream is over before the reply is (the AI SDK's ends where the reply waits for an approval). */
  readonly ended?: boolean;
}

/**
 * Serves one reply to one client as Server-Sent Events in a protocol's encoding: takes one of the user's
 * stream slots (unless the caller took it before starting the reply, so that a refusal leaves nothing
 * behind), follows the reply from its start (the encoder drops what a resuming client already has),
 * writes at the client's pace, and lets go of everything when the reply ends or the client leaves. The
 * connection owns nothing: the reply goes on without it.
 */
export async function streamReply(
  hotline: Hotline,
  request: FastifyRequest,
  reply: FastifyReply,
  openStreams: OpenStreams,
  message: MessageRow,
  encoder: ReplyEncoder,
  options: { headers?: Record<string, string>; releaseSlot?: () => void } = {},
): Promise<void> {
  const releaseSlot = options.releaseSlot ?? (await takeStreamSlot(hotline, request.user.id));
  const closed = new AbortController();
  let follower: ReplyFollower;
  try {
    follower = await openFollower({ eventLog: hotline.eventLog, findMessage: (id) => hotline.messages.findById(id) }, message, {
      from: 0,
      keepAliveMs: hotline.config.streams.keepAliveMs,
      signal: closed.signal,
    });
  } catch (error) {
    releaseSlot();
    throw error;
  }

  for (const [name, value] of Object.entries(options.headers ?? {})) reply.raw.setHeader(name, value);
  const settings = {
    openStreams,
    slowSubscriberTimeoutMs: hotline.config.streams.slowSubscriberTimeoutMs,
    gauge: hotline.metrics.subscribers.labels({ transport: encoder.transport }),
  };
  const stream = {
    closed,
    release: () => (follower.close(), releaseSlot()),
    onError: (error: unknown) => request.log.error({ err: error, messageId: message.id }, 'protocol stream failed'),
  };
  await serveEventStream(reply, settings, stream, async (send) => {
    const opening = encoder.opening();
    if (opening !== '') await send(opening);
    await follower.run((delivery) => {
      const chunk = delivery === 'idle' ? sseKeepAlive : encoder.frames(delivery);
      if (chunk === '') return true;
      const sent = send(chunk);
      if (!encoder.ended) return sent;
      return typeof sent === 'boolean' ? false : sent.then(() => false);
    });
  });
}

/** The frames of a reply from its start to its end, for the answers that are not streamed (they wait for the end). */
export async function wholeReply(hotline: Hotline, message: MessageRow, signal: AbortSignal): Promise<ReplyFrame[]> {
  const frames: ReplyFrame[] = [];
  const follower = await openFollower({ eventLog: hotline.eventLog, findMessage: (id) => hotline.messages.findById(id) }, message, {
    from: 0,
    keepAliveMs: hotline.config.streams.keepAliveMs,
    signal,
  });
  await follower.run((delivery) => {
    if (delivery !== 'idle') frames.push(...delivery);
    return true;
  });
  return frames;
}

/** A signal that aborts when the client goes away before its answer was sent: a wait for the reply's end stops there. */
export function whileConnected(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.on('close', () => gone.abort(connectionClosed));
  return gone.signal;
}
