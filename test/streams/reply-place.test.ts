import { describe, expect, it } from 'vitest';
import type { ReplyFrame } from '../../src/streams/reply-frame.ts';
import { ReplyPlace } from '../../src/streams/reply-place.ts';

const steps = (frames: ReplyFrame[]) => frames.flatMap((f) => (f.type === 'thinking' ? [f.step] : []));

describe('ReplyPlace', () => {
  it('shows a passing notice (a place in the queue) without letting it stand for the reply’s first stored step', () => {
    const place = new ReplyPlace(0);
    const frames: ReplyFrame[] = [];
    place.take(frames, { type: 'thinking', step: 'Waiting for a free slot: number 3 in line' });
    place.take(frames, { type: 'thinking', step: 'Searching the knowledge base', n: 0 });
    place.take(frames, { type: 'thinking', step: 'Searching the knowledge base', n: 0 });
    place.take(frames, { type: 'thinking', step: 'Found 2 passages', n: 1 });
    expect(steps(frames)).toEqual(['Waiting for a free slot: number 3 in line', 'Searching the knowledge base', 'Found 2 passages']);
  });
});
