import type { FastifyRequest } from 'fastify';
import type { User } from '../../accounts/user-store.ts';
import { maxFilesPerMessage } from '../../attachments/attached-file.ts';
import { refuseImagesFor, uploadAttachment } from '../../messages/message-files.ts';
import { fileTypeOf } from '../../attachments/file-type.ts';
import type { Hotline } from '../../hotline.ts';
import { HttpError } from '../../http/http-error.ts';
import { formFields } from '../web-request.ts';

/** A composer's form: its fields, and the files chosen, dropped or pasted into it. */
export interface MessageForm {
  fields: Record<string, string>;
  files: Array<{ name: string; bytes: Buffer }>;
}

/**
 * Reads the composer's form, multipart when it carries files. Each file is read to at most a byte over
 * the limit (a larger one is refused, not held). The form's fields become the request's body, so the
 * CSRF check reads them as it does any form's.
 */
export async function readMessageForm(request: FastifyRequest, maxBytes: number): Promise<MessageForm> {
  if (!request.isMultipart()) return { fields: formFields(request), files: [] };
  const body: Record<string, string> = Object.create(null);
  const files: MessageForm['files'] = [];
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes + 1, files: maxFilesPerMessage, fields: 20, parts: 40, fieldSize: 256 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw new HttpError(413, 'too_large', `A file can be at most ${Math.floor(maxBytes / 1024 / 1024)} MB.`);
        // An empty file input still sends one nameless, empty part.
        if (part.fieldname === 'files' && (bytes.length > 0 || part.filename)) files.push({ name: part.filename ?? 'file', bytes });
      } else if (typeof part.value === 'string' && !Object.hasOwn(body, part.fieldname)) body[part.fieldname] = part.value;
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw new HttpError(413, 'too_large', `Send at most ${maxFilesPerMessage} files at once.`);
    throw new HttpError(400, 'invalid_body', 'The message could not be read. Try again.');
  }
  request.body = body;
  return { fields: formFields(request), files };
}

/**
 * Stores a form's files for a message of `chat`: every one is checked first (its type, and that the
 * chat's model can read it), so a refused send stores none of them.
 */
export async function storeFormFiles(hotline: Hotline, user: User, chat: { model: string }, files: MessageForm['files']): Promise<string[]> {
  const typed = files.map((file) => {
    const type = fileTypeOf(file.name, file.bytes);
    if ('refused' in type) throw new HttpError(415, 'unsupported_file', `${file.name}: ${type.refused}.`);
    return { id: '', name: file.name, type: type.type, bytes: file.bytes.length };
  });
  refuseImagesFor(hotline, chat.model, typed);
  const stored = [];
  for (const file of files) stored.push((await uploadAttachment(hotline, user, file)).id);
  return stored;
}
