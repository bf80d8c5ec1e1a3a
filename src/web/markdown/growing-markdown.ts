import { renderReplyMarkdown, replyParser } from './render-markdown.ts';

/**
 * Where a streaming reply's rendering stands: how many top-level Markdown blocks are finished (they can
 * no longer change, so they were sent once and stay), and where the open last block starts in the text.
 */
export interface BlockState {
  finished: number;
  openFrom: number;
}

export interface Growth {
  /** Newly finished blocks, rendered, with their index. */
  finished: Array<{ index: number; html: string }>;
  /** The open last block, rendered. */
  open: string;
  state: BlockState;
}

/**
 * A reply whose text grows, rendered block by block. A top-level block is finished once the next one
 * has started: what follows a block can't change how it renders (reference-style link definitions
 * aside; the final render of the whole reply covers those). Only the open block is parsed again as text
 * arrives, so each step costs the size of that block, not of the reply.
 */
export class GrowingMarkdown {
  private tail: string;

  /** `tail` is the text from `state.openFrom` on. */
  constructor(
    private state: BlockState,
    tail = '',
  ) {
    this.tail = tail;
  }

  get current(): BlockState {
    return { ...this.state };
  }

  /** The reply's text from the start of the open block. */
  get openText(): string {
    return this.tail;
  }

  /** Places the text that has not begun yet: it starts at `position` (the reply's, after its reasoning). */
  startAt(position: number): void {
    if (this.tail === '' && this.state.finished === 0) this.state = { ...this.state, openFrom: Math.max(this.state.openFrom, position) };
  }

  grow(text: string): Growth {
    this.tail += text;
    const starts = blockStartLines(this.tail);
    const finished: Growth['finished'] = [];
    if (starts.length > 1) {
      const lineOffsets = lineStartOffsets(this.tail);
      const base = this.state.openFrom;
      let from = 0;
      for (let i = 1; i < starts.length; i++) {
        const to = lineOffsets[starts[i]!]!;
        finished.push({ index: this.state.finished, html: renderReplyMarkdown(this.tail.slice(from, to)) });
        this.state = { finished: this.state.finished + 1, openFrom: base + to };
        from = to;
      }
      this.tail = this.tail.slice(from);
    }
    return { finished, open: renderReplyMarkdown(this.tail), state: this.current };
  }
}

/** The first line of each top-level block of `text`. */
function blockStartLines(text: string): number[] {
  const starts: number[] = [];
  for (const token of replyParser.parse(text, {})) {
    if (token.level === 0 && token.nesting !== -1 && token.map && token.block) starts.push(token.map[0]);
  }
  return starts;
}

function lineStartOffsets(text: string): number[] {
  const offsets = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i + 1);
  return offsets;
}
