import type { ReplyCost } from '../../streams/reply-events.ts';
import { html, type SafeHtml } from './html.ts';

/** Dollars as people read a small bill: cents when there are any, else enough digits to show the spend. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(2)}`;
}

/** An ended reply's cost: counted by Hotline when the provider reported none, unknown for a model with no price. */
export function costHtml(cost: ReplyCost): SafeHtml {
  if (cost === null) return html`<span class="message__cost" data-testid="cost" title="This model has no price configured">no price</span>`;
  if (cost.estimated) {
    return html`<span class="message__cost" data-testid="cost" data-estimated="true" title="Estimated: the provider reported no usage, so Hotline counted the tokens">≈ ${formatUsd(cost.usd)}</span>`;
  }
  return html`<span class="message__cost" data-testid="cost">${formatUsd(cost.usd)}</span>`;
}
