import { filesOf, type AttachedFile } from '../../attachments/attached-file.ts';
import type { MessageRow } from '../../messages/message.ts';
import { html, type SafeHtml } from './html.ts';

/** Where the page reads a file of the signed-in user (the session's twin of the API's `url`). */
export const fileUrl = (file: AttachedFile): string => `/files/${encodeURIComponent(file.id)}`;

/** A message's files: images as thumbnails that open the full image, others as named links with their size. */
export function attachmentsHtml(row: MessageRow): SafeHtml | string {
  const files = filesOf(row.attachments);
  if (files.length === 0) return '';
  return html`<ul class="attachments" data-testid="attachments" aria-label="Attached files">${files.map(
    (file) =>
      html`<li class="attachment">${
        file.type.startsWith('image/')
          ? html`<a href="${fileUrl(file)}" target="_blank" rel="noopener"><img class="attachment__thumb" src="${fileUrl(file)}" alt="${file.name}" data-testid="attachment-thumbnail"></a>`
          : html`<a class="attachment__file" href="${fileUrl(file)}" download="${file.name}">${file.name} <small class="muted">${size(file.bytes)}</small></a>`
      }</li>`,
  )}</ul>`;
}

const size = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
