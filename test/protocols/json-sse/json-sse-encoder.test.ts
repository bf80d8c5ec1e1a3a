import { describe, expect, it } from 'vitest';
import { encodeSse } from '../../../src/protocols/json-sse/json-sse-encoder.ts';
import { parseResumeId } from '../../../src/streams/resume-id.ts';

describe('encodeSse', () => {
  it('encodes a delta in the contract’s field order, with an id that resumes at its end', () => {
    const encoded = encodeSse('msg-1', { type: 'delta', text: 'Hé "lo"\n', position: 8 });
    const match = /^id: (\S+)\nevent: delta\ndata: (.*)\n\n$/.exec(encoded);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![2]!)).toEqual({ text: 'Hé "lo"\n' });
    expect(parseResumeId('msg-1', match![1]!)).toBe(8);
  });

  it('gives every subscriber the same delta encoded once, and never another delta’s encoding', () => {
    const first = encodeSse('msg-2', { type: 'delta', text: 'ab', position: 2 });
    expect(encodeSse('msg-2', { type: 'delta', text: 'ab', position: 2 })).toBe(first);
    // A subscriber that resumed mid-delta is sent only the rest of it, at the same end position.
    expect(encodeSse('msg-2', { type: 'delta', text: 'b', position: 2 })).toContain('data: {"text":"b"}');
    expect(encodeSse('msg-3', { type: 'delta', text: 'ab', position: 2 })).not.toBe(first);
    expect(encodeSse('msg-2', { type: 'delta', text: 'c', position: 3 })).toContain('data: {"text":"c"}');
  });
});
