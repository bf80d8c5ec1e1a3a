import type { Source } from '../../streams/reply-events.ts';
import { escapeHtml } from '../views/html.ts';

/**
 * A reply's knowledge-base citations, `[1]` or `[2, 3]` as the grounding prompt asks for them, become
 * links to their sources: to the document's address when it has one, else to the source in the list
 * under the reply. Only text is touched: not code, not an existing link, never inside a tag. A number
 * past the sources found stays text.
 */
export function linkCitations(safeHtml: string, sources: Source[], sourceId: (n: number) => string): string {
  if (sources.length === 0) return safeHtml;
  let skipping = 0;
  return safeHtml.replace(/(<[^>]*>)|([^<]+)/g, (_, tag: string | undefined, text: string | undefined) => {
    if (tag) {
      const closing = tag.startsWith('</');
      if (/^<\/?(a|code|pre)\b/i.test(tag)) skipping += closing ? -1 : 1;
      return tag;
    }
    if (skipping > 0) return text!;
    return text!.replace(/\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]/g, (whole, list: string) => {
      const numbers = list.split(',').map((n) => Number(n.trim()));
      if (!numbers.every((n) => n >= 1 && n <= sources.length)) return whole;
      return `[${numbers.map((n) => link(n, sources[n - 1]!, sourceId(n))).join(', ')}]`;
    });
  });
}

function link(n: number, source: Source, id: string): string {
  const title = escapeHtml(source.title);
  if (source.url && /^https?:\/\//i.test(source.url)) {
    return `<a class="citation" href="${escapeHtml(source.url)}" title="${title}" target="_blank" rel="noopener noreferrer nofollow" data-testid="citation">${n}</a>`;
  }
  return `<a class="citation" href="#${id}" title="${title}" data-testid="citation">${n}</a>`;
}
