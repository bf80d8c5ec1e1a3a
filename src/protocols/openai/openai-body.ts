import type { z } from 'zod';
import { HttpError } from '../../http/http-error.ts';

/** Parses a `/v1` request body; bad input answers 400 naming the field, as OpenAI does. */
export function parseOpenAiBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_request', 'The body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new HttpError(400, 'invalid_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}
