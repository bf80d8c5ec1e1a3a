import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import type { MessageRow } from '../../messages/message.ts';
import { connectionClosed } from '../../http/connection-closed.ts';
import { HttpError } from '../../http/http-error.ts';
import { notFound } from '../../refusal.ts';
import type { OpenStreams } from '../../http/open-streams.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import { sseKeepAlive } from '../../http/event-stream.ts';
import { serveEventStream } from '../../http/event-stream-connection.ts';
import { encodeOffset } from './offsets.ts';
import { openRead, parseStart, type OpenRead, type Start } from './reply-read.ts';
import { isState, type StreamMessage } from './reply-messages.ts';
import { streamCursor } from './stream-cursor.ts';
import { cacheControl, commonHeaders, headerNames, jsonBody, sseBatch, type Control } from './wire.ts';

interface ReadQuery {
  offset?: string;
  live?: string;
  cursor?: string;
}

type Mode = 'catch-up' | 'long-poll' | 'sse';

function modeOf(query: ReadQuery): Mode {
  if (query.live === undefined) return 'catch-up';
  if (query.live !== 'long-poll' && query.live !== 'sse') throw new HttpError(400, 'invalid_live', 'live must be long-poll or sse');
  if (query.offset === undefined) throw new HttpError(400, 'invalid_offset', `live=${query.live} needs an offset`);
  return query.live;
}

/** A read's ETag: the same offsets answer the same messages, save a wait for an approval, which holds only while it lasts. */
const etagOf = (messageId: string, from: string, next: string, closed: boolean, messages: StreamMessage[]) =>
  `"${messageId}:${from}:${next}${closed ? ':c' : ''}${messages.some(isState) ? ':w' : ''}"`;

/** The SSE mode's gauge: the route counts each live read once, whichever mode it takes. */
const countedByTheRoute = { inc() {}, dec() {} };

/**
 * `GET`/`HEAD /ds/messages/:id`: a message's events as a Durable Stream in JSON mode, read side only
 * (API.md, "Durable Streams (read)"). Registered in the bearer-authenticated scope: a reader sees only
 * its own messages (404 otherwise), and a live read holds one of the user's stream slots.
 */
export function durableStreamRoutes(app: FastifyInstance, hotline: Hotline, openStreams: OpenStreams): void {
  const subscribers = hotline.metrics.subscribers.labels({ transport: 'durable-streams' });

  async function messageOf(request: FastifyRequest<{ Params: { id: string } }>): Promise<MessageRow> {
    const message = await hotline.messages.find(request.user.id, request.params.id);
    if (!message) throw notFound('Message');
    return message;
  }

  app.head<{ Params: { id: string } }>('/ds/messages/:id', async (request, reply) => {
    const message = await messageOf(request);
    const read = await openRead(hotline, message, { at: 'now' }, new AbortController().signal);
    read.follower.close();
    reply.headers({ ...commonHeaders, 'content-type': 'application/json', 'cache-control': cacheControl.live });
    reply.header(headerNames.nextOffset, encodeOffset(message.id, read.place.offset));
    if (read.closed) reply.header(headerNames.closed, 'true');
    return reply.status(200).send();
  });

  app.get<{ Params: { id: string }; Querystring: ReadQuery }>('/ds/messages/:id', { exposeHeadRoute: false }, async (request, reply) => {
    const message = await messageOf(request);
    const mode = modeOf(request.query);
    const start = parseStart(message, request.query.offset);
    if (mode === 'catch-up') return catchUp(message, start, request, reply);
    const releaseSlot = await takeStreamSlot(hotline, request.user.id);
    const closed = new AbortController();
    reply.raw.on('close', () => closed.abort(connectionClosed));
    subscribers.inc();
    try {
      const read = await openRead(hotline, message, start, closed.signal);
      if (mode === 'long-poll') return await longPoll(message, read, request.query.offset!, request, reply);
      await sse(message, read, request, reply, closed);
    } finally {
      closed.abort(connectionClosed);
      releaseSlot();
      subscribers.dec();
    }
  });

  async function catchUp(message: MessageRow, start: Start, request: FastifyRequest<{ Querystring: ReadQuery }>, reply: FastifyReply) {
    const read = await openRead(hotline, message, start, new AbortController().signal);
    read.follower.close();
    const from = request.query.offset ?? '-1';
    const next = encodeOffset(message.id, read.place.offset);
    reply.headers({ ...commonHeaders, 'content-type': 'application/json' });
    reply.header(headerNames.nextOffset, next).header(headerNames.upToDate, 'true');
    if (read.closed) reply.header(headerNames.closed, 'true');
    // The protocol's `now` answers no data and no ETag, and is never kept: it is only the tail.
    if (start.at === 'now') return reply.header('cache-control', cacheControl.live).send('[]');
    const etag = etagOf(message.id, from, next, read.closed, read.owed);
    reply.header('etag', etag).header('cache-control', read.closed ? cacheControl.finished : cacheControl.live);
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.send(jsonBody(read.owed));
  }

  /**
   * Answers at once when the reader is owed anything (or the stream closed); else waits until the reply grows or the
   * follower idles. A wait for an approval, owed on every read while it lasts, is no news to a reader polling
   * again: it is said when the poll answers, at the latest when the follower idles, so such polls never spin.
   */
  async function longPoll(message: MessageRow, read: OpenRead, from: string, request: FastifyRequest<{ Querystring: ReadQuery }>, reply: FastifyReply) {
    let messages = read.owed;
    let ended = read.closed;
    if (messages.every(isState) && !ended) {
      let answer: 'now' | 'idle' | undefined;
      await read.follower.run((delivery) => {
        if (delivery === 'idle') return !(answer = 'idle');
        const added = read.place.take(delivery);
        ended = read.place.offset.ended;
        // Only frames this reader already has (the state every connection is sent): wait on.
        if (added.length === 0 && !ended) return true;
        messages = [...messages, ...added];
        return !(answer = 'now');
      });
      // The reader went away, or the message did while it waited.
      if (answer === undefined) {
        if (reply.raw.destroyed) return reply.hijack();
        throw notFound('Message');
      }
    }
    read.follower.close();
    const next = encodeOffset(message.id, read.place.offset);
    reply.headers({ ...commonHeaders, 'cache-control': cacheControl.live });
    reply.header(headerNames.nextOffset, next).header(headerNames.upToDate, 'true');
    if (ended) reply.header(headerNames.closed, 'true');
    else reply.header(headerNames.cursor, streamCursor(hotline.clock.now(), request.query.cursor));
    if (messages.length === 0) return reply.status(204).send();
    reply.header('etag', etagOf(message.id, from, next, ended, messages));
    return reply.type('application/json').send(jsonBody(messages));
  }

  /**
   * A data event and a control event per batch the follower delivers, until the reply ends (the last
   * control says `streamClosed`) or the connection has lasted six keep-alive intervals (a minute by
   * default): the protocol asks servers to close SSE reads about every minute so that caches in front
   * can collapse readers, and the client comes back from the last control's offset.
   */
  async function sse(message: MessageRow, read: OpenRead, request: FastifyRequest<{ Querystring: ReadQuery }>, reply: FastifyReply, closed: AbortController) {
    for (const [name, value] of Object.entries(commonHeaders)) reply.raw.setHeader(name, value);
    const lifetime = setTimeout(() => closed.abort(connectionClosed), 6 * hotline.config.streams.keepAliveMs);
    let cursor = request.query.cursor;
    const batch = (messages: StreamMessage[]): string => {
      const control: Control = { streamNextOffset: encodeOffset(message.id, read.place.offset) };
      if (read.place.offset.ended) control.streamClosed = true;
      else control.streamCursor = cursor = streamCursor(hotline.clock.now(), cursor);
      control.upToDate = true;
      return sseBatch(messages, control);
    };
    // Counted and its slot released by the route, across both live modes.
    const settings = { openStreams, slowSubscriberTimeoutMs: hotline.config.streams.slowSubscriberTimeoutMs, gauge: countedByTheRoute };
    const stream = {
      closed,
      release: () => (clearTimeout(lifetime), read.follower.close()),
      onError: (error: unknown) => request.log.error({ err: error, messageId: message.id }, 'durable stream failed'),
    };
    await serveEventStream(reply, settings, stream, async (send) => {
      // The first control says where the reader is and that it is up to date, even when it is owed nothing.
      const first = send(batch(read.owed));
      if ((first !== true && !(await first)) || read.closed) return;
      await read.follower.run((delivery) => {
        if (delivery === 'idle') return send(sseKeepAlive);
        const messages = read.place.take(delivery);
        if (messages.length === 0 && !read.place.offset.ended) return true;
        return send(batch(messages));
      });
    });
  }
}
