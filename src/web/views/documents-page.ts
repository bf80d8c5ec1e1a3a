import type { KnowledgeDocument } from '../../knowledge/document-store.ts';
import { csrfInput, layout } from './layout.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import type { PageContext } from './page-context.ts';
import { timeAgo } from './time.ts';

/** What the two add forms had in them when a post was refused, so the page can show them again. */
export interface DocumentForm {
  /** Which form was posted: the error shows next to it. */
  kind: 'upload' | 'paste';
  title?: string;
  url?: string;
  type?: string;
  text?: string;
  error?: string;
}

export interface DocumentsPageOptions {
  documents: KnowledgeDocument[];
  now: number;
  /** A refused post: its form's values and the reason. */
  form?: DocumentForm;
  /** What the last post did (after its redirect), said once at the top. */
  done?: string;
  maxBytes: number;
}

export const acceptedExtensions = ['.md', '.markdown', '.txt', '.html', '.htm'];

const typeLabels: Record<string, string> = { markdown: 'Markdown', text: 'Plain text', html: 'HTML' };

/** Only web addresses become links: a stored URL from the API may be any scheme, `javascript:` included. */
const isWebUrl = (url: string | null): url is string => url !== null && /^https?:\/\//i.test(url);

function typeSelect(selected: string | undefined, withAuto: boolean): SafeHtml {
  const options: Array<[string, string]> = [
    ...(withAuto ? ([['auto', 'From the file name']] as Array<[string, string]>) : []),
    ['markdown', 'Markdown'],
    ['text', 'Plain text'],
    ['html', 'HTML'],
  ];
  const current = selected ?? (withAuto ? 'auto' : 'markdown');
  return html`<select name="type">${options.map(
    ([value, label]) => html`<option value="${value}"${trusted(value === current ? ' selected' : '')}>${label}</option>`,
  )}</select>`;
}

const errorFor = (form: DocumentForm | undefined, kind: DocumentForm['kind']) =>
  form?.kind === kind && form.error ? html`<p class="notice notice--error" role="alert" data-testid="document-error">${form.error}</p>` : '';

function documentItem(ctx: PageContext, document: KnowledgeDocument, now: number): SafeHtml {
  return html`<li class="documents__item" data-testid="document" data-document-id="${document.id}">
    <div class="documents__main">
      ${
        isWebUrl(document.url)
          ? html`<a class="documents__title" href="${document.url}" target="_blank" rel="noopener noreferrer nofollow">${document.title}</a>`
          : html`<span class="documents__title">${document.title}</span>`
      }
      <span class="documents__meta">
        <span data-testid="document-type">${typeLabels[document.type] ?? document.type}</span> ·
        <span data-testid="document-chunks">${document.chunks} ${document.chunks === 1 ? 'chunk' : 'chunks'}</span> ·
        <time datetime="${document.createdAt}">${timeAgo(document.createdAt, now)}</time>
        ${document.url && !isWebUrl(document.url) ? html` · <span class="documents__url">${document.url}</span>` : ''}
      </span>
    </div>
    <form action="/documents/${document.id}/delete" method="post" class="inline-form" data-turbo-confirm="Delete this document?">
      ${csrfInput(ctx.csrf)}
      <button type="submit" class="button button--small button--quiet" data-testid="delete-document">Delete</button>
    </form>
  </li>`;
}

/** A user's knowledge base: their documents, a file upload, a paste form and the sample documents in one click. */
export function documentsPage(ctx: PageContext, options: DocumentsPageOptions): string {
  const { documents, form } = options;
  const upload = form?.kind === 'upload' ? form : undefined;
  const paste = form?.kind === 'paste' ? form : undefined;
  const kb = Math.floor(options.maxBytes / 1024);
  return layout(ctx, {
    title: 'Documents',
    bodyClass: 'narrow',
    body: html`<main id="main" class="documents">
  <div class="chat-list__head">
    <h1>Documents</h1>
    <form action="/documents/sample" method="post" class="inline-form">
      ${csrfInput(ctx.csrf)}
      <button type="submit" class="button button--small button--quiet" data-testid="load-sample">Load the sample knowledge base</button>
    </form>
  </div>
  <p class="muted">Chats started with <em>Answer from my documents</em> search these first and show which ones they used.</p>
  ${options.done ? html`<p class="notice notice--ok" role="status" data-testid="document-done">${options.done}</p>` : ''}
  ${
    documents.length === 0
      ? html`<p class="empty">No documents yet. Upload one below, or load the sample knowledge base.</p>`
      : html`<ul class="documents__items">${documents.map((document) => documentItem(ctx, document, options.now))}</ul>`
  }

  <section class="documents__add">
    <h2>Upload a document</h2>
    ${errorFor(form, 'upload')}
    <form action="/documents" method="post" enctype="multipart/form-data" class="stack">
      ${csrfInput(ctx.csrf)}
      <label>File <small class="muted">(Markdown, plain text or HTML, at most ${kb} KB)</small>
        <input type="file" name="file" accept="${acceptedExtensions.join(',')}" required></label>
      <label>Type ${typeSelect(upload?.type, true)}</label>
      <label>Title <small class="muted">(optional: the file name otherwise)</small>
        <input type="text" name="title" value="${upload?.title ?? ''}" maxlength="300"></label>
      <label>Source URL <small class="muted">(optional)</small>
        <input type="url" name="url" value="${upload?.url ?? ''}" maxlength="2000" placeholder="https://"></label>
      <button type="submit" class="button">Upload</button>
    </form>
  </section>

  <details class="documents__add"${trusted(paste ? ' open' : '')}>
    <summary><h2>Or paste the text</h2></summary>
    ${errorFor(form, 'paste')}
    <form action="/documents/text" method="post" class="stack">
      ${csrfInput(ctx.csrf)}
      <label>Title <input type="text" name="title" value="${paste?.title ?? ''}" maxlength="300" required></label>
      <label>Type ${typeSelect(paste?.type, false)}</label>
      <label>Text <textarea name="text" rows="8" required>${paste?.text ?? ''}</textarea></label>
      <label>Source URL <small class="muted">(optional)</small>
        <input type="url" name="url" value="${paste?.url ?? ''}" maxlength="2000" placeholder="https://"></label>
      <button type="submit" class="button">Add document</button>
    </form>
  </details>
</main>`,
  });
}
