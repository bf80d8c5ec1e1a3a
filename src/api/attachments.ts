import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { apiAttachment } from '../attachments/attached-file.ts';
import { uploadAttachment } from '../messages/message-files.ts';
import type { Hotline } from '../hotline.ts';
import { sendAttachment } from '../http/attachment-response.ts';
import { HttpError } from '../http/http-error.ts';
import { notFound } from '../refusal.ts';

/** Uploading a file to send with a message (multipart, field `file`), and reading it back, its owner only. */
export async function attachmentRoutes(app: FastifyInstance, hotline: Hotline): Promise<void> {
  const maxBytes = hotline.config.limits.maxAttachmentBytes;
  // Multipart bodies are read in this scope only: every other API route takes JSON.
  await app.register(multipart, { throwFileSizeLimit: false, limits: { files: 1, fields: 4, parts: 5, fieldSize: 1024, fileSize: maxBytes + 1 } });

  app.post('/api/attachments', { bodyLimit: maxBytes + 1024 * 1024 }, async (request, reply) => {
    const file = await readFile(request);
    if (file.truncated) throw new HttpError(413, 'too_large', `file: must be at most ${maxBytes} bytes`);
    const stored = await uploadAttachment(hotline, request.user, file);
    return reply.status(201).send(apiAttachment(stored));
  });

  app.get<{ Params: { id: string } }>('/api/attachments/:id', async (request, reply) => {
    const file = await hotline.attachments.read(request.user.id, request.params.id);
    if (!file) throw notFound('Attachment');
    return sendAttachment(reply, file);
  });
}

/** The one file of the form, read to at most a byte over the limit (a larger one is marked truncated, not held). */
async function readFile(request: FastifyRequest): Promise<{ name: string; bytes: Buffer; truncated: boolean }> {
  if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Send multipart/form-data with the file in the field "file"');
  let found: { name: string; bytes: Buffer; truncated: boolean } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file' && !found) found = { name: part.filename ?? '', bytes, truncated: part.file.truncated };
    }
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw new HttpError(413, 'too_large', 'Send one file at a time, in the field "file"');
    throw new HttpError(400, 'invalid_body', 'The upload could not be read');
  }
  if (!found) throw new HttpError(422, 'invalid_body', 'file: required (multipart/form-data, field "file")');
  return found;
}
