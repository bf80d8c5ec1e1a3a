import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { HttpError, httpErrorOf } from '../../http/http-error.ts';
import { Refusal } from '../../refusal.ts';
import { documentTypes, maxTitleLength } from '../../knowledge/document-input.ts';
import { addDocument, deleteDocument, loadSampleKnowledgeBase } from '../../knowledge/documents.ts';
import type { AssetCatalog } from '../assets/asset-catalog.ts';
import { verifyCsrf } from '../sessions/csrf.ts';
import { acceptedExtensions, documentsPage, type DocumentForm } from '../views/documents-page.ts';
import { formFields, pageContext, requireSession } from '../web-request.ts';

const typeByExtension: Record<string, string> = { '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.html': 'html', '.htm': 'html' };

interface Notices {
  added?: string;
  sample?: string;
  deleted?: string;
}

/**
 * The knowledge base in the browser: the list, a file upload (multipart), a paste form, deleting, and
 * the sample documents in one click. Each post redirects back to the list (303), which says once what
 * it did; a refused document answers with the page again, the reason shown and nothing stored.
 */
export function documentPageRoutes(app: FastifyInstance, hotline: Hotline, assets: AssetCatalog): void {
  const maxBytes = hotline.config.limits.maxDocumentBytes;

  app.get<{ Querystring: Notices }>('/documents', { onRequest: requireSession }, async (request, reply) => {
    const documents = await hotline.documents.list(request.session!.user.id);
    const { added, sample, deleted } = request.query;
    let done: string | undefined;
    const addedDocument = added ? documents.find((d) => d.id === added) : undefined;
    if (addedDocument) done = `Added “${addedDocument.title}”: ${addedDocument.chunks} ${addedDocument.chunks === 1 ? 'chunk' : 'chunks'}.`;
    else if (sample !== undefined) {
      const count = Number.parseInt(sample, 10) || 0;
      done = count > 0 ? `Loaded ${count} sample ${count === 1 ? 'document' : 'documents'}.` : 'The sample documents are already loaded.';
    } else if (deleted !== undefined) done = 'Document deleted.';
    return reply.type('text/html').send(documentsPage(pageContext(request, reply, assets), { documents, now: hotline.clock.now(), done, maxBytes }));
  });

  app.post('/documents', { onRequest: requireSession }, async (request, reply) => {
    if (!request.isMultipart()) {
      verifyCsrf(request);
      return refuse(request, reply, { kind: 'upload' }, new Refusal('invalid', 'invalid_body', 'Choose a file to upload.', { field: 'file' }));
    }
    const upload = await readUpload(request, maxBytes);
    request.body = upload.fields;
    verifyCsrf(request);
    const form: DocumentForm = { kind: 'upload', title: upload.fields.title, url: upload.fields.url, type: upload.fields.type };
    try {
      if (!upload.file || upload.file.name === '') throw new Refusal('invalid', 'invalid_body', 'Choose a file to upload.', { field: 'file' });
      const { name, bytes, truncated } = upload.file;
      const type = uploadType(name, form.type);
      if (truncated) throw new Refusal('too_large', 'too_large', `text: must be at most ${maxBytes} bytes`, { field: 'text' });
      const text = new TextDecoder('utf-8').decode(bytes);
      const title = (form.title ?? '').trim() || name.slice(0, maxTitleLength);
      const document = await addDocument(hotline, request.session!.user, { title, text, type, url: form.url });
      return reply.redirect(`/documents?added=${encodeURIComponent(document.id)}`, 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refuse(request, reply, form, error);
    }
  });

  app.post('/documents/text', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    const fields = formFields(request);
    const form: DocumentForm = { kind: 'paste', title: fields.title, url: fields.url, type: fields.type, text: fields.text };
    try {
      const document = await addDocument(hotline, request.session!.user, {
        title: fields.title ?? '',
        text: fields.text ?? '',
        type: fields.type || 'markdown',
        url: fields.url,
      });
      return reply.redirect(`/documents?added=${encodeURIComponent(document.id)}`, 303);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refuse(request, reply, form, error);
    }
  });

  app.post('/documents/sample', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    const added = await loadSampleKnowledgeBase(hotline, request.session!.user);
    return reply.redirect(`/documents?sample=${added.length}`, 303);
  });

  app.post<{ Params: { id: string } }>('/documents/:id/delete', { onRequest: requireSession }, async (request, reply) => {
    verifyCsrf(request);
    await deleteDocument(hotline, request.session!.user, request.params.id);
    return reply.redirect('/documents?deleted=1', 303);
  });

  /** The page again with the reason, under the status of the refusal (Turbo renders a 4xx answer's page). */
  async function refuse(request: FastifyRequest, reply: FastifyReply, form: DocumentForm, error: Refusal) {
    const documents = await hotline.documents.list(request.session!.user.id);
    const page = documentsPage(pageContext(request, reply, assets), {
      documents,
      now: hotline.clock.now(),
      form: { ...form, error: messageFor(error, maxBytes) },
      maxBytes,
    });
    return reply.status(httpErrorOf(error).statusCode).type('text/html').send(page);
  }
}

interface Upload {
  fields: Record<string, string>;
  file?: { name: string; bytes: Buffer; truncated: boolean };
}

/**
 * Reads the form's fields and its one file. The file is read to at most one byte over the limit: a
 * larger one is marked truncated and refused, without holding the rest of it in memory.
 */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  const upload: Upload = { fields: {} };
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: 10, parts: 12, fieldSize: 16 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !upload.file) upload.file = { name: (part.filename ?? '').trim(), bytes, truncated: part.file.truncated };
      } else if (typeof part.value === 'string' && !Object.hasOwn(upload.fields, part.fieldname)) {
        upload.fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof HttpError || error instanceof TypeError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw new HttpError(413, 'too_large', 'The form has too many fields or files: upload one file at a time.');
    throw new HttpError(400, 'invalid_body', 'The upload could not be read. Try again.');
  }
  return upload;
}

/** The type from the select, else from the file's extension; a file of any other kind is refused (415). */
function uploadType(fileName: string, selected: string | undefined): string {
  const extension = extname(fileName).toLowerCase();
  const fromExtension = typeByExtension[extension];
  if (extension && !fromExtension) throw new Refusal('unsupported', 'unsupported_type', unsupportedMessage(extension));
  if (selected && selected !== 'auto') {
    if (!documentTypes.includes(selected as never)) throw new Refusal('unsupported', 'unsupported_type', unsupportedMessage(selected));
    return selected;
  }
  if (!fromExtension)
    throw new Refusal('unsupported', 'unsupported_type', `Choose the file's type: its name has no extension (${acceptedExtensions.join(', ')}).`);
  return fromExtension;
}

const unsupportedMessage = (what: string) => `${what} files are not supported: upload Markdown, plain text or HTML (${acceptedExtensions.join(', ')}).`;

/** addDocument's refusals are worded for the API ("text: …"); a person gets the same reason in words. */
function messageFor(refusal: Refusal, maxBytes: number): string {
  const field = refusal.details.field;
  switch (refusal.code) {
    case 'empty_document':
      return 'The document is empty: there is no text in it. Nothing was added.';
    case 'binary_content':
      return 'The file looks like binary data, not text. Nothing was added.';
    case 'invalid_body':
      if (field === 'url') return 'The source URL must be a web address (http:// or https://).';
      if (field === 'title')
        return refusal.kind === 'invalid' && /empty/.test(refusal.message)
          ? 'Give the document a title.'
          : `The title can be at most ${maxTitleLength} characters.`;
      return refusal.message;
    case 'too_large':
      return field === 'text' ? `The document is too large: at most ${Math.floor(maxBytes / 1024)} KB. Nothing was added.` : refusal.message;
    case 'unsupported_type':
      return field === 'type' ? `Choose Markdown, plain text or HTML as the type. Nothing was added.` : `${refusal.message} Nothing was added.`;
    default:
      return refusal.message;
  }
}
