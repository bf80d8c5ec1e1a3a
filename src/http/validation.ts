import type { z } from 'zod';
import { HttpError } from './http-error.ts';

/** Parses a request body with a zod schema; bad input answers 422 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(422, 'invalid_body', 'The body must be a JSON object');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    throw new HttpError(422, 'invalid_body', `${field}: ${issue.message}`);
  }
  return result.data;
}
