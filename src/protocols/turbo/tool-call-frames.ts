import type { MessageRow } from '../../messages/message.ts';
import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { apiParts, partsOfRow } from '../../streams/reply-parts.ts';
import { domIds } from '../../web/views/dom-ids.ts';
import type { SafeHtml } from '../../web/views/html.ts';
import { toolCallsHtml, type ToolCallCard } from '../../web/views/tool-calls-view.ts';
import { turboStream } from '../../web/views/turbo-stream.ts';

/**
 * A streaming reply's tool calls on one page: the cards start from the stored reply and change with the
 * frames (a call, its result, a wait for approval), and a batch that changed any replaces them whole
 * (they are few, and a replace is idempotent).
 */
export class ToolCallsOnPage {
  private readonly cards: ToolCallCard[];

  constructor(
    private readonly row: MessageRow,
    private readonly csrf: string,
  ) {
    this.cards = apiParts(partsOfRow(row), row.status).filter((part): part is ToolCallCard => part.type === 'tool-call');
  }

  actions(frames: ReplyFrame[]): SafeHtml[] {
    let changed = false;
    for (const frame of frames) {
      if (frame.type === 'tool-call') {
        if (!this.cards.some((card) => card.toolCallId === frame.toolCallId)) {
          this.cards.push({ type: 'tool-call', toolCallId: frame.toolCallId, name: frame.name, input: frame.input, state: 'running' });
        }
      } else if (frame.type === 'tool-result') {
        const card = this.card(frame.toolCallId);
        if (!card) continue;
        delete card.output;
        delete card.error;
        if (frame.error === undefined) Object.assign(card, { state: 'done', output: frame.output });
        else Object.assign(card, { state: frame.error === 'denied' ? 'denied' : 'failed', error: frame.error });
      } else if (frame.type === 'approval') {
        const card = this.card(frame.toolCallId);
        if (card) card.state = 'awaiting_approval';
      } else continue;
      changed = true;
    }
    return changed ? [turboStream('replace', domIds.toolCalls(this.row.id), toolCallsHtml(this.row.id, this.cards, this.csrf))] : [];
  }

  private card(toolCallId: string): ToolCallCard | undefined {
    return this.cards.find((card) => card.toolCallId === toolCallId);
  }
}
