import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Hotline } from '../../hotline.ts';
import type { OpenStreams } from '../../http/open-streams.ts';
import { sseKeepAlive } from '../../http/event-stream.ts';
import { serveEventStream } from '../../http/event-stream-connection.ts';
import { encodePosition } from '../../web/views/chat-position.ts';
import type { ChatFrame } from './chat-frame.ts';
import { followChat } from './chat-stream.ts';
import { openChatStream, stillAllowed, type OpenedStream, type StreamRefusal } from './stream-access.ts';
import { encodeTurboSse, sseRetry } from './turbo-sse.ts';
import { sessionCsrfToken } from '../../web/sessions/csrf.ts';
import { connectionClosed } from '../../http/connection-closed.ts';
import { HttpError } from '../../http/http-error.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import { allowedOrigin } from '../../web/security/allowed-origin.ts';

const refusalStatus: Record<StreamRefusal, number> = { unauthorized: 401, not_found: 404, bad_position: 400 };
/** WebSocket close codes for refusals: 4400-4499 mean "don't come back", like HTTP 4xx. */
const refusalCode: Record<StreamRefusal, number> = { unauthorized: 4401, not_found: 4404, bad_position: 4400 };

export interface StreamSettings {
  frameIntervalMs: number;
}

/**
 * A chat's stream of Turbo Stream frames, by SSE (`/chats/:id/stream`, what `<turbo-stream-source>`
 * opens) or WebSocket (`/chats/:id/socket`, what our socket-stream controller opens). Both take the
 * page's position; SSE prefers Last-Event-ID, which EventSource sends when it reconnects by itself.
 */
export function turboStreamRoutes(app: FastifyInstance, hotline: Hotline, openStreams: OpenStreams, settings: StreamSettings): void {
  const keepAliveMs = hotline.config.streams.keepAliveMs;
  const sseSubscribers = hotline.metrics.subscribers.labels({ transport: 'web-sse' });

  async function* framesFor(opened: OpenedStream, signal: AbortSignal) {
    const { session } = opened;
    // Forms inside frames (Stop, Retry) carry this reader's token.
    const options = { ctx: { csrf: sessionCsrfToken(session.token) }, signal, keepAliveMs, frameIntervalMs: settings.frameIntervalMs };
    for await (const frame of followChat(hotline, opened.chat, opened.position, options)) {
      // Authorisation holds for the life of the connection, not only at its start.
      if (frame === 'idle' && !(await stillAllowed(hotline, session, opened.chat.id))) return;
      yield frame;
    }
  }

  app.get<{ Params: { id: string }; Querystring: { position?: string } }>('/chats/:id/stream', async (request, reply) => {
    const header = request.headers['last-event-id'];
    const position = (Array.isArray(header) ? header[0] : header) || request.query.position || '';
    const opened = await openChatStream(hotline, request.session, request.params.id, position);
    if (typeof opened === 'string') return reply.status(refusalStatus[opened]).type('text/plain').send(opened);
    const releaseSlot = await takeStreamSlot(hotline, opened.session.user.id);

    const settings = { openStreams, slowSubscriberTimeoutMs: hotline.config.streams.slowSubscriberTimeoutMs, gauge: sseSubscribers };
    const closed = new AbortController();
    const stream = {
      closed,
      release: releaseSlot,
      onError: (error: unknown) => request.log.error({ err: error, chatId: opened.chat.id }, 'chat stream failed'),
    };
    await serveEventStream(reply, settings, stream, async (send) => {
      await send(sseRetry);
      for await (const frame of framesFor(opened, closed.signal)) {
        const written = send(frame === 'idle' ? sseKeepAlive : encodeTurboSse(frame));
        if (written !== true && !(await written)) break;
      }
    });
  });

  // Refused before the upgrade: a page of another origin never gets an open socket, not even a closing one.
  const refuseOtherOrigins = async (request: FastifyRequest) => {
    if (!allowedOrigin(request, hotline.config.allowedOrigins)) throw new HttpError(403, 'forbidden_origin', 'This origin may not open the chat stream.');
  };

  app.get<{ Params: { id: string }; Querystring: { position?: string } }>(
    '/chats/:id/socket',
    { websocket: true, preValidation: refuseOtherOrigins },
    async (socket: WebSocket, request) => {
      const closed = new AbortController();
      socket.on('close', () => closed.abort(connectionClosed));
      const opened = await openChatStream(hotline, request.session, request.params.id, request.query.position ?? '');
      if (typeof opened === 'string') return socket.close(refusalCode[opened], opened);
      const releaseSlot = await takeStreamSlot(hotline, opened.session.user.id).catch((error: unknown) => {
        // Over the cap: 4429, as an HTTP stream gets 429.
        if (error instanceof HttpError) return socket.close(4000 + error.statusCode, error.code);
        throw error;
      });
      if (!releaseSlot) return;
      hotline.metrics.subscribers.inc({ transport: 'web-websocket' });
      try {
        for await (const frame of framesFor(opened, closed.signal)) {
          if (socket.readyState !== socket.OPEN) break;
          if (frame === 'idle') socket.ping();
          else await send(socket, frame, hotline.config.streams.slowSubscriberTimeoutMs);
        }
        // The loop only ends on its own when the reader may no longer follow the chat (signed out, chat deleted).
        if (socket.readyState === socket.OPEN) socket.close(4403, 'no longer allowed');
      } catch (error) {
        request.log.error({ err: error, chatId: opened.chat.id }, 'chat socket failed');
        socket.terminate();
      } finally {
        closed.abort(connectionClosed);
        releaseSlot();
        hotline.metrics.subscribers.dec({ transport: 'web-websocket' });
      }
    },
  );
}

/**
 * One frame per WebSocket message: the position after it and its Turbo Stream HTML. Like an SSE reader,
 * a socket that takes no data for `slowMs` is cut off; it comes back with its position.
 */
async function send(socket: WebSocket, frame: ChatFrame, slowMs: number): Promise<void> {
  const message = JSON.stringify({ id: encodePosition(frame.position), html: frame.html });
  let timer: NodeJS.Timeout | undefined;
  const sent = new Promise<boolean>((resolve) => socket.send(message, (error) => resolve(!error)));
  const slow = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), slowMs)));
  try {
    if (!(await Promise.race([sent, slow]))) socket.terminate();
  } finally {
    clearTimeout(timer);
  }
}
