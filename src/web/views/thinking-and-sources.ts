import type { Source } from '../../streams/reply-events.ts';
import { domIds } from './dom-ids.ts';
import { html, trusted, type SafeHtml } from './html.ts';

/**
 * What a reply shows around its text: the steps it took before writing (open while it thinks, folded
 * to "Thinking complete" once it writes) and the sources it drew on. The stream replaces each whole.
 */
export function thinkingHtml(messageId: string, steps: string[], thinkingNow: boolean): SafeHtml {
  return html`<details id="${domIds.thinking(messageId)}" class="thinking" data-testid="thinking"${trusted(thinkingNow ? ' open' : '')}${trusted(steps.length === 0 ? ' hidden' : '')}>
    <summary>${thinkingNow ? 'Thinking…' : 'Thinking complete'}</summary>
    <ol>${steps.map((step) => html`<li>${step}</li>`)}</ol>
  </details>`;
}

/** "1 source used", "4 sources used": the folded list's summary. */
export const sourcesSummary = (count: number): string => (count === 0 ? 'No sources used' : `${count} ${count === 1 ? 'source' : 'sources'} used`);

/**
 * The sources under an answer, folded to "N sources used" (open to see each one's title, relevance as a
 * percentage and excerpt). null: the reply did not search the knowledge base; [] : it did and found nothing.
 */
export function sourcesHtml(messageId: string, sources: Source[] | null): SafeHtml {
  return html`<details id="${domIds.sources(messageId)}" class="sources" data-testid="sources"${trusted(sources === null ? ' hidden' : '')}>
    <summary data-testid="sources-summary">${sourcesSummary(sources?.length ?? 0)}</summary>
    ${
      sources && sources.length > 0
        ? html`<ol>${sources.map(
            (source, i) => html`<li id="${domIds.source(messageId, i + 1)}">${
              source.url && /^https?:\/\//i.test(source.url)
                ? html`<a class="sources__title" href="${source.url}" target="_blank" rel="noopener noreferrer nofollow">${source.title}</a>`
                : html`<span class="sources__title">${source.title}</span>`
            }
              <span class="sources__relevance" title="Relevance">${Math.round(source.relevance * 100)}% relevant</span>
              <p class="sources__excerpt">${source.excerpt}</p></li>`,
          )}</ol>`
        : html`<p class="muted">No matching documents.</p>`
    }
  </details>`;
}
