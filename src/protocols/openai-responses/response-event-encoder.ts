import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { ChunkNumbering } from '../numbering.ts';
import type { ReplyEncoder } from '../reply-over-sse.ts';
import {
  ending,
  functionCallItem,
  functionCallOutputItem,
  messageItem,
  reasoningItem,
  responseUsage,
  type OutputItem,
  type ResponseBase,
} from './response-object.ts';

/**
 * A reply as Responses API stream events, each with its `sequence_number`: the number of ChunkNumbering
 * (one per event, one per character of text or reasoning), so `starting_after=N` re-reads the reply from
 * its start and sends only the events numbered after N, exactly, whether the reply is live or long over.
 * Reasoning is a `reasoning` item streamed as its summary; text is a `message` item with one
 * `output_text` part. The one terminal event is `response.completed`, `response.incomplete` (cut short,
 * or cancelled: then its response's status is `cancelled`, for want of an event of that name) or
 * `response.failed`.
 *
 * A tool call is a `function_call` item (`output_item.added`, its arguments in one
 * `function_call_arguments.delta`, as the model's call arrives whole, then `function_call_arguments.done` and
 * `output_item.done`), and its result a `function_call_output` item (`output_item.added`, `output_item.done`):
 * the tools run on the server, and the reply goes on after them. Each of these events is numbered as a whole.
 * A reply waiting for an approval keeps its stream open, as the JSON stream does, until it goes on.
 */
export class ResponseEventEncoder implements ReplyEncoder {
  readonly transport = 'openai-responses';
  private readonly numbering: ChunkNumbering;
  private readonly output: OutputItem[] = [];
  private open: { kind: 'text' | 'reasoning'; at: number; index: number; text: string } | undefined;

  constructor(
    private readonly messageId: string,
    private readonly base: ResponseBase,
    private readonly startStatus: 'queued' | 'in_progress',
    after = -1,
  ) {
    this.numbering = new ChunkNumbering(after);
  }

  opening(): string {
    const response = { ...this.base, status: this.startStatus, output: [], usage: null, error: null, incomplete_details: null };
    return this.event('response.created', { response }) + this.event('response.in_progress', { response: { ...response, status: 'in_progress' } });
  }

  frames(frames: ReplyFrame[]): string {
    let out = '';
    for (const frame of frames) {
      if (frame.type === 'delta') out += this.piece('text', frame.text, frame.position);
      else if (frame.type === 'reasoning') out += this.piece('reasoning', frame.text, frame.position);
      else if (frame.type === 'tool-call') out += this.close('completed') + this.functionCall(frame);
      else if (frame.type === 'tool-result') out += this.close('completed') + this.functionCallOutput(frame);
      else if (frame.type === 'done' || frame.type === 'error') {
        const end = frame.type === 'done' ? ending(frame.status, frame.finishReason, null) : ending('failed', null, frame.message);
        out += this.close(end.status === 'completed' ? 'completed' : 'incomplete');
        const usage = frame.type === 'done' ? responseUsage(frame.usage) : null;
        const response = { ...this.base, ...end, output: this.output, usage };
        const type = end.status === 'failed' ? 'response.failed' : end.status === 'completed' ? 'response.completed' : 'response.incomplete';
        return out + this.event(type, { response });
      }
    }
    return out;
  }

  private piece(kind: 'text' | 'reasoning', text: string, position: number): string {
    let out = '';
    if (this.open?.kind !== kind) {
      out += this.close('completed');
      this.open = { kind, at: position - text.length, index: this.output.length, text: '' };
      out += kind === 'reasoning' ? this.openReasoning() : this.openMessage();
    }
    const open = this.open!;
    open.text += text;
    const owed = this.numbering.text(text);
    if (!owed) return out;
    const where = { item_id: this.itemId(), output_index: open.index };
    if (kind === 'reasoning')
      return out + this.numbered(owed.number, 'response.reasoning_summary_text.delta', { ...where, summary_index: 0, delta: owed.text });
    return out + this.numbered(owed.number, 'response.output_text.delta', { ...where, content_index: 0, delta: owed.text, logprobs: [] });
  }

  private functionCall(call: Extract<ReplyFrame, { type: 'tool-call' }>): string {
    const index = this.output.length;
    const item = functionCallItem(this.messageId, { ...call, at: call.position - 1 });
    this.output.push(item);
    const where = { item_id: item.id, output_index: index };
    return (
      this.event('response.output_item.added', { output_index: index, item: { ...item, arguments: '', status: 'in_progress' } }) +
      this.event('response.function_call_arguments.delta', { ...where, delta: item.arguments }) +
      this.event('response.function_call_arguments.done', { ...where, name: call.name, arguments: item.arguments }) +
      this.event('response.output_item.done', { output_index: index, item })
    );
  }

  private functionCallOutput(result: Extract<ReplyFrame, { type: 'tool-result' }>): string {
    const index = this.output.length;
    const item = functionCallOutputItem(this.messageId, { ...result, at: result.position - 1 });
    this.output.push(item);
    return (
      this.event('response.output_item.added', { output_index: index, item: { ...item, output: '', status: 'in_progress' } }) +
      this.event('response.output_item.done', { output_index: index, item })
    );
  }

  private openReasoning(): string {
    const { index } = this.open!;
    return (
      this.event('response.output_item.added', { output_index: index, item: reasoningItem(this.messageId, this.open!.at, '') }) +
      this.event('response.reasoning_summary_part.added', {
        item_id: this.itemId(),
        output_index: index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
    );
  }

  private openMessage(): string {
    const { index, at } = this.open!;
    return (
      this.event('response.output_item.added', { output_index: index, item: messageItem(this.messageId, at, '', 'in_progress') }) +
      this.event('response.content_part.added', {
        item_id: this.itemId(),
        output_index: index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      })
    );
  }

  private close(status: 'completed' | 'incomplete'): string {
    const open = this.open;
    if (!open) return '';
    const where = { item_id: this.itemId(), output_index: open.index };
    this.open = undefined;
    if (open.kind === 'reasoning') {
      const item = reasoningItem(this.messageId, open.at, open.text);
      this.output.push(item);
      return (
        this.event('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: open.text }) +
        this.event('response.reasoning_summary_part.done', { ...where, summary_index: 0, part: { type: 'summary_text', text: open.text } }) +
        this.event('response.output_item.done', { output_index: open.index, item })
      );
    }
    const item = messageItem(this.messageId, open.at, open.text, status);
    this.output.push(item);
    return (
      this.event('response.output_text.done', { ...where, content_index: 0, text: open.text, logprobs: [] }) +
      this.event('response.content_part.done', { ...where, content_index: 0, part: { type: 'output_text', text: open.text, annotations: [], logprobs: [] } }) +
      this.event('response.output_item.done', { output_index: open.index, item })
    );
  }

  private itemId(): string {
    const open = this.open!;
    return `${open.kind === 'reasoning' ? 'rs' : 'msg'}_${this.messageId}_${open.at}`;
  }

  private event(type: string, fields: object): string {
    const number = this.numbering.whole();
    return number === undefined ? '' : this.numbered(number, type, fields);
  }

  private numbered(number: number, type: string, fields: object): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: number })}\n\n`;
  }
}
