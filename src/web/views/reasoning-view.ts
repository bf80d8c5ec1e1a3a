import { domIds } from './dom-ids.ts';
import { html, trusted, type SafeHtml } from './html.ts';

/** A reply's reasoning as the page shows it: the text so far, how long it took, and whether the answer has begun. */
export interface ShownReasoning {
  text: string;
  ms: number;
  /** The answer has started: the reasoning folds away under "Thought for N s". */
  answering: boolean;
}

/**
 * The model's own reasoning, above its answer: open while it reasons, folded once the answer starts. It
 * is plain text (a model's reasoning is not Markdown meant for readers), escaped like everything a model
 * wrote. Hidden while there is none. The stream appends pieces to its text and replaces it whole only
 * when it appears and when it folds.
 */
export function reasoningHtml(messageId: string, reasoning: ShownReasoning): SafeHtml {
  const { text, answering } = reasoning;
  return html`<details id="${domIds.reasoning(messageId)}" class="reasoning" data-testid="reasoning"${trusted(answering ? '' : ' open')}${trusted(text === '' ? ' hidden' : '')}>
    <summary>${answering ? `Thought for ${thoughtSeconds(reasoning.ms)} s` : 'Thinking…'}</summary>
    <div id="${domIds.reasoningText(messageId)}" class="reasoning__text">${text}</div>
  </details>`;
}

/** A piece of reasoning appended to the text: its id is its place, so a frame applied twice adds it once. */
export const reasoningPieceHtml = (messageId: string, position: number, text: string): SafeHtml =>
  html`<span id="${domIds.reasoningPiece(messageId, position)}">${text}</span>`;

/** Whole seconds, at least 1: "Thought for 0 s" would read as if it had not thought at all. */
const thoughtSeconds = (ms: number): number => Math.max(1, Math.round(ms / 1000));
