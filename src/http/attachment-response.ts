import type { FastifyReply } from 'fastify';
import type { Selectable } from 'kysely';
import type { AttachmentsTable } from '../attachments/attachments-table.ts';

/**
 * A stored file, to its owner. Served with the type read from its bytes and never sniffed again, in a
 * sandbox with nothing allowed to load or run (a PDF or a text file opened in a tab is a document of our
 * origin), images shown inline and other files downloaded. A file never changes: it may be cached.
 */
export function sendAttachment(reply: FastifyReply, file: Selectable<AttachmentsTable>): FastifyReply {
  const inline = file.type.startsWith('image/');
  const name = encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return reply
    .header('content-type', file.type === 'text/plain' ? 'text/plain; charset=utf-8' : file.type)
    .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`)
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, max-age=31536000, immutable')
    .send(Buffer.from(file.data));
}
