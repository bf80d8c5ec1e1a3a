import type { convert as Convert } from 'html-to-text';
import { createRequire } from 'node:module';
import { invalidField, Refusal } from '../refusal.ts';

export type DocumentType = 'markdown' | 'text' | 'html';
export const documentTypes: DocumentType[] = ['markdown', 'text', 'html'];

/**
 * Checks a document's text and turns it into the Markdown-like plain text the chunker reads. Refuses,
 * with a clear error and before anything is stored: an unsupported type (415), too large (413), empty or
 * binary (422).
 */
export function normaliseDocument(input: { text: string; type: string }, maxBytes: number): string {
  if (!documentTypes.includes(input.type as DocumentType)) {
    throw new Refusal('unsupported', 'unsupported_type', `type: must be one of ${documentTypes.join(', ')}`, { field: 'type' });
  }
  if (Buffer.byteLength(input.text) > maxBytes) throw new Refusal('too_large', 'too_large', `text: must be at most ${maxBytes} bytes`, { field: 'text' });
  // NUL and other C0 controls (tabs and newlines aside) do not occur in text; they mark binary content.
  const controls = input.text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > 0 && (input.text.includes('\u0000') || controls / input.text.length > 0.01)) {
    throw invalidField('text', 'looks like binary data, not text', 'binary_content');
  }
  const text = input.type === 'html' ? htmlToText(input.text) : input.text;
  if (!text.trim()) throw invalidField('text', 'the document has no text', 'empty_document');
  return text;
}

export const maxTitleLength = 300;

/** A document's title: what its passages are cited by, so it must say something. */
export function documentTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) throw invalidField('title', 'must not be empty');
  if (trimmed.length > maxTitleLength) throw invalidField('title', `must be at most ${maxTitleLength} characters`);
  return trimmed;
}

/**
 * A document's source address, handed to every client in `sources` and rendered as a link: only a web
 * address, never `javascript:`, `data:`, `vbscript:` or `file:`. One rule for the API and the web form.
 */
export function documentUrl(url: string | null | undefined): string | null {
  const trimmed = url?.trim();
  if (!trimmed) return null;
  if (trimmed.length > 2000 || !URL.canParse(trimmed) || !/^https?:$/.test(new URL(trimmed).protocol)) {
    throw invalidField('url', 'must be a web address (http:// or https://)');
  }
  return trimmed;
}

/** html-to-text is loaded by the first HTML document, not at start-up: most documents are Markdown or text. */
let convert: typeof Convert | undefined;
const loadConverter = (): typeof Convert => (convert ??= (createRequire(import.meta.url)('html-to-text') as { convert: typeof Convert }).convert);

function htmlToText(html: string): string {
  const heading = (level: number) => ({ format: 'heading', options: { prefix: '#'.repeat(level) } });
  return loadConverter()(html, {
    wordwrap: false,
    selectors: [
      ...[1, 2, 3, 4, 5, 6].map((level) => ({ selector: `h${level}`, ...heading(level) })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
    formatters: {
      heading: (element, walk, builder, options) => {
        builder.openBlock({ leadingLineBreaks: 2 });
        builder.addLiteral(`${(options as { prefix: string }).prefix} `);
        walk(element.children, builder);
        builder.closeBlock({ trailingLineBreaks: 2 });
      },
    },
  });
}
