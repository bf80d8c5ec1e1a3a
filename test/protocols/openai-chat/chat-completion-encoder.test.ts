import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../../src/messages/message.ts';
import { ChatCompletionEncoder } from '../../../src/protocols/openai-chat/chat-completion-encoder.ts';
import { emptyUsage } from '../../../src/streams/reply-events.ts';
import type { ReplyFrame } from '../../../src/streams/reply-frame.ts';

const row = { id: 'm1', created_at: '2026-01-01T00:00:00.000Z', model: 'openai:x' } as MessageRow;
const chunksOf = (sse: string) =>
  sse
    .split('\n\n')
    .filter((event) => event.startsWith('data: {'))
    .map((event) => JSON.parse(event.slice('data: '.length)).choices[0]);

const frames: ReplyFrame[] = [
  { type: 'tool-call', toolCallId: 'call_s', name: 'current_time', input: {}, position: 1 },
  { type: 'tool-result', toolCallId: 'call_s', name: 'current_time', output: { utc: 'now' }, position: 2 },
  { type: 'delta', text: 'Hi', position: 4 },
  { type: 'tool-call', toolCallId: 'call_c', name: 'get_weather', input: { city: 'Paris' }, position: 5 },
  { type: 'done', status: 'completed', finishReason: 'tool-calls', usage: emptyUsage },
];

describe('ChatCompletionEncoder', () => {
  it('keeps the calls the server ran out of sight, and ends with stop when none is the client’s', () => {
    const encoder = new ChatCompletionEncoder(row, false, new Set());
    const chunks = chunksOf(encoder.opening() + encoder.frames(frames));
    expect(chunks.map((choice) => choice.delta)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hi' }, {}]);
    expect(chunks.at(-1).finish_reason).toBe('stop');
  });

  it('hands a call to one of the client’s tools back in delta.tool_calls, and ends with tool_calls', () => {
    const encoder = new ChatCompletionEncoder(row, false, new Set(['get_weather']));
    const chunks = chunksOf(encoder.opening() + encoder.frames(frames));
    expect(chunks.map((choice) => choice.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hi' },
      { tool_calls: [{ index: 0, id: 'call_c', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      {},
    ]);
    expect(chunks.at(-1).finish_reason).toBe('tool_calls');
  });
});
