import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { followReply, ResumeBeyondReply, type ReplyFrame } from '../../streams/follow-reply.ts';
import { parseResumeId } from '../../streams/resume-id.ts';
import { encodeSseFrames, sseKeepAlive, startEventStream } from '../../streams/sse-encoder.ts';
import { HttpError, notFound } from '../http-error.ts';
import { writePaced } from '../paced-writer.ts';
import type { OpenStreams } from '../open-streams.ts';

const badResumeId = () => new HttpError(400, 'invalid_last_event_id', 'Last-Event-ID does not belong to this message');

/**
 * `GET /api/messages/:id/events`: one subscriber's cursor over a reply, as Server-Sent Events. The
 * connection owns nothing: when it closes, only this cursor goes; the job carries on.
 */
export function eventRoutes(app: FastifyInstance, hotline: Hotline, openStreams: OpenStreams): void {
  app.get<{ Params: { id: string }; Querystring: { lastEventId?: string } }>('/api/messages/:id/events', async (request, reply) => {
    const message = await hotline.messages.find(request.user.id, request.params.id);
    if (!message) throw notFound('Message');
    const header = request.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) || request.query.lastEventId || '';
    const from = lastEventId === '' ? 0 : parseResumeId(message.id, lastEventId);
    if (from === undefined) throw badResumeId();

    const closed = new AbortController();
    const frames = followReply(
      { eventLog: hotline.eventLog, findMessage: (id) => hotline.messages.findById(id) },
      message,
      { from, keepAliveMs: hotline.config.streams.keepAliveMs, signal: closed.signal },
    );
    let first: IteratorResult<ReplyFrame[] | 'idle', void>;
    try {
      first = await frames.next();
    } catch (error) {
      if (error instanceof ResumeBeyondReply) throw badResumeId();
      throw error;
    }

    reply.hijack();
    const res = reply.raw;
    const out = startEventStream(res);
    res.on('close', () => closed.abort());
    const untrack = openStreams.add(res);
    hotline.metrics.subscribers.inc({ transport: 'sse' });
    const slowMs = hotline.config.streams.slowSubscriberTimeoutMs;
    try {
      for (let batch = first; !batch.done; batch = await frames.next()) {
        const chunk = batch.value === 'idle' ? sseKeepAlive : encodeSseFrames(message.id, batch.value);
        if (chunk === '') continue;
        const written = writePaced(out, chunk, slowMs);
        if (written !== true && !(await written)) break;
      }
    } catch (error) {
      request.log.error({ err: error, messageId: message.id }, 'event stream failed');
    } finally {
      closed.abort();
      // The cursor's own cleanup (its watch and keep-alive timer) runs even if it stopped at a yield.
      frames.return().catch(() => {});
      untrack();
      hotline.metrics.subscribers.dec({ transport: 'sse' });
      if (!res.writableEnded) res.end();
    }
  });
}
