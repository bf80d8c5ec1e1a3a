import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, httpErrorOf } from '../http/http-error.ts';
import { Refusal } from '../refusal.ts';
import { isStorageOutage, storageRetryAfterSeconds } from '../storage-outage.ts';
import type { AssetCatalog } from './assets/asset-catalog.ts';
import { turboStream, turboStreamContentType } from './views/turbo-stream.ts';
import { domIds } from './views/dom-ids.ts';
import { errorPage } from './views/error-page.ts';
import { html } from './views/html.ts';
import { pageContext, wantsTurboStream } from './web-request.ts';

/**
 * The web app's central error handler: the same refusals and `HttpError`s as the API, answered for a person. Turbo
 * gets the message in the page's notice area; a plain browser gets an error page. Anything unexpected
 * is logged and shown as a generic 500, never a stack trace.
 */
export function webErrorHandler(assets: AssetCatalog) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void => {
    if (error instanceof Refusal) error = httpErrorOf(error);
    let status = error instanceof HttpError ? error.statusCode : 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    let message = error instanceof HttpError ? error.message : 'The request could not be handled.';
    if (isStorageOutage(error)) {
      request.log.warn({ err: error }, 'storage unavailable');
      status = 503;
      message = 'Hotline cannot reach its storage for a moment. Try again in a few seconds.';
      reply.header('retry-after', storageRetryAfterSeconds);
    } else if (status >= 500) {
      request.log.error({ err: error }, 'web request failed');
      status = 500;
      message = 'Something went wrong on our side. Try again in a moment.';
    }
    if (error instanceof HttpError) reply.headers(error.headers);
    if (status === 401 && request.method === 'GET') {
      reply.redirect('/signin', 303);
      return;
    }
    if (wantsTurboStream(request)) {
      const notice = html`<p class="notice notice--error" role="alert">${message}</p>`;
      reply
        .status(status)
        .type(turboStreamContentType)
        .send(turboStream('update', domIds.notice, notice).value);
      return;
    }
    reply
      .status(status)
      .type('text/html')
      .send(errorPage(pageContext(request, reply, assets), status, message));
  };
}
