import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Hotline } from '../../hotline.ts';
import { HttpError } from '../../http/http-error.ts';
import { notFound } from '../../refusal.ts';
import { allowedOrigin } from '../../web/security/allowed-origin.ts';
import type { ChatPosition } from '../../web/views/chat-position.ts';
import { serveCable } from './cable-connection.ts';
import { turboChannel } from './cable-messages.ts';
import { signStreamName } from './signed-stream-name.ts';

/** Deltas arriving within this window go out as one frame, as on the web app's streams. */
const frameIntervalMs = 40;

/**
 * `/cable`: Action Cable for stock Rails pages. A page of another origin may open it only when that
 * origin is in HOTLINE_ALLOWED_ORIGINS, as for the web app's WebSocket; refused before the upgrade.
 */
export function cableRoutes(app: FastifyInstance, hotline: Hotline, secret: string): void {
  const refuseOtherOrigins = async (request: FastifyRequest) => {
    if (!allowedOrigin(request, hotline.config.allowedOrigins))
      throw new HttpError(403, 'forbidden_origin', 'This origin may not open Action Cable connections.');
  };
  app.get('/cable', { websocket: true, preValidation: refuseOtherOrigins }, (socket: WebSocket, request) => {
    serveCable(socket, { hotline, secret, frameIntervalMs, log: request.log });
  });
}

/**
 * `GET /api/chats/:id/cable[?after=<messageId>]` (bearer-authenticated): what a page needs to follow the
 * caller's chat on `/cable`. The signed name carries the position the page shows: by default none (its
 * `<div id="messages">` is empty and the stream brings every message of the chat's current path), or
 * every message up to `after`, one of that path. A reply still streaming is never shown already: the
 * stream brings it whole, then its growth.
 */
export function cableNameRoutes(app: FastifyInstance, hotline: Hotline, secret: string): void {
  app.get<{ Params: { id: string }; Querystring: { after?: string } }>('/api/chats/:id/cable', async (request) => {
    const chat = await hotline.chats.find(request.user.id, request.params.id);
    if (!chat) throw notFound('Chat');
    const position = await positionAfter(hotline, chat.id, request.query.after);
    const expiresAt = hotline.clock.now() + hotline.config.cableNameTtlMs;
    const signedStreamName = signStreamName(secret, { chatId: chat.id, userId: request.user.id, position, expiresAt });
    const scheme = request.protocol === 'https' ? 'wss' : 'ws';
    return { url: `${scheme}://${request.host}/cable`, channel: turboChannel, signedStreamName };
  });
}

async function positionAfter(hotline: Hotline, chatId: string, after: string | undefined): Promise<ChatPosition> {
  if (after === undefined) return { messageId: null };
  const { path } = await hotline.messages.currentPath(chatId);
  const at = path.findIndex((row) => row.id === after);
  if (at === -1) throw new HttpError(400, 'invalid_after', 'after must be a message of the chat’s current path');
  const shown = path[at]!.status === 'streaming' ? path[at - 1] : path[at];
  return shown ? { messageId: shown.id } : { messageId: null };
}
