import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { ResumeBeyondReply } from '../../streams/stored-frames.ts';
import { openFollower, type ReplyFollower } from '../../streams/reply-follower.ts';
import { parseResumeId } from '../../streams/resume-id.ts';
import { sseKeepAlive } from '../../http/event-stream.ts';
import { serveEventStream } from '../../http/event-stream-connection.ts';
import { encodeSseFrames } from './json-sse-encoder.ts';
import { HttpError } from '../../http/http-error.ts';
import { notFound } from '../../refusal.ts';
import type { OpenStreams } from '../../http/open-streams.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';

const badResumeId = () => new HttpError(400, 'invalid_last_event_id', 'Last-Event-ID does not belong to this message');

/**
 * `GET /api/messages/:id/events`: one subscriber's cursor over a reply, as Server-Sent Events. The
 * connection owns nothing: when it closes, only this cursor goes; the job carries on.
 */
export function eventRoutes(app: FastifyInstance, hotline: Hotline, openStreams: OpenStreams): void {
  // The labelled gauge, looked up once rather than by its labels on every stream's start and end.
  const subscribers = hotline.metrics.subscribers.labels({ transport: 'sse' });
  app.get<{ Params: { id: string }; Querystring: { lastEventId?: string } }>('/api/messages/:id/events', async (request, reply) => {
    const message = await hotline.messages.find(request.user.id, request.params.id);
    if (!message) throw notFound('Message');
    const header = request.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) || request.query.lastEventId || '';
    const from = lastEventId === '' ? 0 : parseResumeId(message.id, lastEventId);
    if (from === undefined) throw badResumeId();

    const releaseSlot = await takeStreamSlot(hotline, request.user.id);
    const closed = new AbortController();
    let follower: ReplyFollower;
    try {
      follower = await openFollower({ eventLog: hotline.eventLog, findMessage: (id) => hotline.messages.findById(id) }, message, {
        from,
        keepAliveMs: hotline.config.streams.keepAliveMs,
        signal: closed.signal,
      });
    } catch (error) {
      releaseSlot();
      if (error instanceof ResumeBeyondReply) throw badResumeId();
      throw error;
    }

    const settings = { openStreams, slowSubscriberTimeoutMs: hotline.config.streams.slowSubscriberTimeoutMs, gauge: subscribers };
    const stream = {
      closed,
      // Its watch and keep-alive timer go with the connection, however the stream ended.
      release: () => (follower.close(), releaseSlot()),
      onError: (error: unknown) => request.log.error({ err: error, messageId: message.id }, 'event stream failed'),
    };
    // Pushed to: a subscriber at the tail is written to in the same call that appends the token.
    await serveEventStream(reply, settings, stream, (send) =>
      follower.run((delivery) => {
        const chunk = delivery === 'idle' ? sseKeepAlive : encodeSseFrames(message.id, delivery);
        return chunk === '' || send(chunk);
      }),
    );
  });
}
