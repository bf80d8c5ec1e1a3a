import type { FastifyInstance } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { requireUser } from '../../http/authenticate.ts';

/** OpenAI's error types, by status: what its SDKs turn into their error classes. */
function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** An error in OpenAI's shape: `{error: {message, type, param, code}}`. */
export const openAiError = (status: number, code: string, message: string) => ({ error: { message, type: errorType(status), param: null, code } });

/**
 * The `/v1` routes' scope: the caller's bearer token (an OpenAI SDK sends it as its API key), and every
 * refusal in OpenAI's error shape. The central error handler decides the status and safe message; this
 * only re-shapes its `{error: {code, message}}`, so both APIs refuse the same things the same way.
 */
export function openAiScope(app: FastifyInstance, hotline: Hotline): void {
  requireUser(app, hotline);
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    try {
      const { error } = JSON.parse(payload) as { error?: { code?: unknown; message?: unknown; type?: unknown } };
      if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || error.type !== undefined) return payload;
      return JSON.stringify(openAiError(reply.statusCode, error.code, error.message));
    } catch {
      return payload;
    }
  });
}
