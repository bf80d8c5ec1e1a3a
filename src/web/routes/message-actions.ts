import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { HttpError, httpErrorOf } from '../../http/http-error.ts';
import { notFound, Refusal } from '../../refusal.ts';
import type { rateLimits } from '../../http/rate-limits.ts';
import { editMessage, postMessage, retryReply } from '../../replies/start-reply.ts';
import { stopReply } from '../../replies/stop-reply.ts';
import { decideToolCall } from '../../replies/decide-tool-call.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { turboStream, turboStreamContentType } from '../views/turbo-stream.ts';
import { chatListing } from './chat-listing.ts';
import { chatPage } from '../views/chat-page.ts';
import { composer } from '../views/composer.ts';
import { domIds } from '../views/dom-ids.ts';
import { html } from '../views/html.ts';
import { placeholder, renderMessage } from '../views/message-view.ts';
import { formFields, pageContext, requireSession, wantsTurboStream } from '../web-request.ts';
import { maxFilesPerMessage } from '../../attachments/attached-file.ts';
import { readMessageForm, storeFormFiles } from './message-form.ts';

/**
 * Sending, stopping, retrying and editing. With Turbo each answers with Turbo Stream actions for this tab at
 * once (the chat's stream tells every tab, this one included, the same; `append_once` makes the two
 * agree). Without JavaScript each redirects back to the chat, where a reload shows the reply.
 */
export function messageActionRoutes(app: FastifyInstance, hotline: Hotline, assets: AssetCatalog, limits: ReturnType<typeof rateLimits>): void {
  const maxFileBytes = hotline.config.limits.maxAttachmentBytes;
  const formLimit = { bodyLimit: maxFilesPerMessage * (maxFileBytes + 64 * 1024) + hotline.config.limits.maxContentBytes * 2 };
  app.post<{ Params: { id: string } }>('/chats/:id/messages', { onRequest: requireSession, ...limits.messages, ...formLimit }, async (request, reply) => {
    const chatId = request.params.id;
    try {
      const form = await readMessageForm(request, maxFileBytes);
      verifyCsrf(request);
      const user = request.session!.user;
      const content = form.fields.content ?? '';
      const chat = await hotline.chats.find(user.id, chatId);
      if (!chat) throw notFound('Chat');
      const files = await storeFormFiles(hotline, user, chat, form.files);
      const turn = await postMessage(hotline, user, chatId, content, files);
      if (!wantsTurboStream(request)) return reply.redirect(`/chats/${chatId}`, 303);
      const ctx = pageContext(request, reply, assets);
      const articles = html`${renderMessage(ctx, turn.userMessage).html}${placeholder(ctx, turn.assistantMessage)}`;
      return sendStreams(reply, [
        turboStream('append_once', domIds.messages, articles),
        turboStream('replace', domIds.composer, composer(ctx, chatId, true)),
        turboStream('update', domIds.notice),
      ]);
    } catch (error) {
      if (
        !(error instanceof Refusal || error instanceof HttpError) ||
        (error instanceof Refusal ? error.kind === 'not_found' : error.statusCode === 404 || error.statusCode === 403 || error.statusCode >= 500)
      )
        throw error;
      return refuseMessage(request, reply, chatId, error);
    }
  });

  app.post<{ Params: { id: string } }>('/messages/:id/stop', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    const message = await stopReply(hotline, request.session!.user, request.params.id);
    if (!wantsTurboStream(request)) return reply.redirect(`/chats/${message.chat_id}`, 303);
    const rendered = renderMessage(pageContext(request, reply, assets), message, await hotline.messages.versionsOf(message));
    return sendStreams(reply, [turboStream('replace', domIds.message(message.id), rendered.html)]);
  });

  // Approve or Deny on a tool call's card. A decision that comes too late (another tab decided) shows the reply as it is.
  app.post<{ Params: { id: string; toolCallId: string } }>('/messages/:id/tool-calls/:toolCallId', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    const user = request.session!.user;
    try {
      await decideToolCall(hotline, user, request.params.id, request.params.toolCallId, formFields(request).approved === 'true');
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind !== 'conflict') throw error;
    }
    const message = await hotline.messages.find(user.id, request.params.id);
    if (!message) throw notFound('Message');
    if (!wantsTurboStream(request)) return reply.redirect(`/chats/${message.chat_id}`, 303);
    const rendered = renderMessage(pageContext(request, reply, assets), message, await hotline.messages.versionsOf(message));
    return sendStreams(reply, [turboStream('replace', domIds.message(message.id), rendered.html)]);
  });

  app.post<{ Params: { id: string } }>('/messages/:id/retry', { onRequest: requireSession, ...limits.messages }, async (request, reply) => {
    verifyCsrf(request);
    const previous = await hotline.messages.find(request.session!.user.id, request.params.id);
    if (!previous) throw notFound('Message');
    try {
      const message = await retryReply(hotline, request.session!.user, previous.id);
      return pathMoved(request, reply, message.chat_id);
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
      return refuseMessage(request, reply, previous.chat_id, error);
    }
  });

  app.post<{ Params: { id: string } }>('/messages/:id/edit', { onRequest: requireSession, ...limits.messages }, async (request, reply) => {
    verifyCsrf(request);
    const previous = await hotline.messages.find(request.session!.user.id, request.params.id);
    if (!previous) throw notFound('Message');
    try {
      const content = formFields(request).edited ?? '';
      await editMessage(hotline, request.session!.user, previous.id, content);
      return pathMoved(request, reply, previous.chat_id);
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
      return refuseMessage(request, reply, previous.chat_id, error);
    }
  });

  /**
   * A retry or an edit moved the chat's path: the chat's stream shows the new path in every tab, this one
   * included (one source, so a reply that already grew is never reset); this answer only locks the composer.
   */
  function pathMoved(request: FastifyRequest, reply: FastifyReply, chatId: string) {
    if (!wantsTurboStream(request)) return reply.redirect(`/chats/${chatId}`, 303);
    const ctx = pageContext(request, reply, assets);
    return sendStreams(reply, [turboStream('replace', domIds.composer, composer(ctx, chatId, true)), turboStream('update', domIds.notice)]);
  }

  /** A refused send (busy chat, rate limit, empty or too long) keeps the page and says why. */
  async function refuseMessage(request: FastifyRequest, reply: FastifyReply, chatId: string, refusal: Refusal | HttpError) {
    const error = refusal instanceof Refusal ? httpErrorOf(refusal) : refusal;
    const message = refusal instanceof Refusal ? sentenceFor(refusal, hotline.config.limits.maxContentBytes) : refusal.message;
    const ctx = pageContext(request, reply, assets);
    const chat = await hotline.chats.find(request.session!.user.id, chatId);
    if (!chat) throw notFound('Chat');
    reply.status(error.statusCode).headers(error.headers);
    if (wantsTurboStream(request)) {
      return sendStreams(reply, [turboStream('update', domIds.notice, html`<p class="notice notice--error" role="alert">${message}</p>`)]);
    }
    const chats = await chatListing(hotline.chats, request.session!.user.id);
    return reply
      .type('text/html')
      .send(chatPage(ctx, chat, await hotline.messages.currentPath(chat.id), chats, await hotline.modelDirectory.list(), 'sse', message));
  }
}

function sendStreams(reply: FastifyReply, actions: ReturnType<typeof turboStream>[]) {
  return reply.type(turboStreamContentType).send(html`${actions}`.value);
}

/** The domain's refusals of a message are worded for the API ("content: …"); a person gets them in words. */
function sentenceFor(refusal: Refusal, maxBytes: number): string {
  if (refusal.details.field !== 'content') return refusal.message;
  return refusal.kind === 'too_large' ? `A message can be at most ${maxBytes} bytes.` : 'Write a message first.';
}
