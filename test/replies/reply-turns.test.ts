import { describe, expect, it } from 'vitest';
import { turnsOfReply } from '../../src/replies/reply-turns.ts';
import { ReplyTranscript } from '../../src/streams/reply-parts.ts';

describe('what a model is handed back of the reply it is writing', () => {
  it('gets each thinking block its provider signed back with the step it was written in, each with its own signature', () => {
    const reply = new ReplyTranscript();
    reply.reasoning('First I look', 10);
    reply.sign('sig-1');
    // A second thinking block right after the first: a part of its own, or the first's signature would seal both.
    reply.reasoning(' up the order.', 20);
    reply.sign('sig-2');
    reply.tool({ type: 'tool-call', toolCallId: 'c1', name: 'lookup_order', input: { orderId: 'A-17' } });
    reply.tool({ type: 'tool-result', toolCallId: 'c1', name: 'lookup_order', output: 'shipped' });
    reply.reasoning('Unsigned reasoning stays the model’s own.', 5);
    reply.text('It shipped.');

    expect(reply.parts.filter((part) => part.type === 'reasoning')).toHaveLength(3);
    expect(turnsOfReply(reply.parts)).toEqual([
      {
        role: 'assistant',
        content: '',
        reasoning: [
          { text: 'First I look', signature: 'sig-1' },
          { text: ' up the order.', signature: 'sig-2' },
        ],
        toolCalls: [{ toolCallId: 'c1', name: 'lookup_order', input: { orderId: 'A-17' } }],
      },
      { role: 'tool', toolCallId: 'c1', name: 'lookup_order', content: 'shipped', isError: false },
      { role: 'assistant', content: 'It shipped.' },
    ]);
  });
});
