import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { noTracing, type Span, type Tracing } from '../tracing/tracing.ts';

/**
 * A `server` span per HTTP request, in the HTTP semantic conventions (`POST /api/chats/:id/messages`),
 * continuing the trace of an incoming `traceparent`. It ends when the response does, an event stream
 * too. Each route's handler runs with its request's span current, so a reply it starts carries the trace
 * to the generation job (`Tracing.carrier`). Must be called before any route is registered. Without
 * tracing it adds no hook at all.
 */
export function traceRequests(app: FastifyInstance, tracing: Tracing): void {
  if (tracing === noTracing) return;
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    const span = tracing.start(route ? `${request.method} ${route}` : request.method, {
      kind: 'server',
      from: request.headers,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'url.path': request.url.split('?', 1)[0],
        'url.scheme': request.protocol,
      },
    });
    spans.set(request, span);
    // 'close' comes after the response ended, or when its connection went: a stream that ends either way ends its span.
    reply.raw.once('close', () => {
      const status = reply.raw.statusCode;
      span.set({ 'http.response.status_code': status });
      if (status >= 500) span.fail(String(status));
      span.end();
    });
  });
  app.addHook('onRoute', (route) => {
    // WebSocket routes start no replies, and their handler is the socket's, not the request's.
    if (route.websocket) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function (this: FastifyInstance, request, reply) {
      const span = spans.get(request);
      return span ? tracing.within(span, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  });
}
