import { describe, expect, it } from 'vitest';
import { SseDataParser } from '../../src/providers/sse-data-parser.ts';

/** Feeds `stream` to a new parser cut at the given positions; returns every event's data, in order. */
function parse(stream: string, cuts: number[] = []): string[] {
  const parser = new SseDataParser();
  const events: string[] = [];
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    events.push(...parser.push(stream.slice(from, cut)));
    from = cut;
  }
  return events;
}

const openAiLike =
  ': keep-alive\n\n' +
  'data: {"choices":[{"delta":{"content":"Hé"}}]}\n\n' +
  'event: ignored\nid: 7\ndata: {"choices":[{"delta":{"content":" 🌍\\n"}}]}\n\n' +
  'data: first line\ndata: second line\n\n' +
  'data:no space\n\n' +
  'data\n\n' +
  'data: [DONE]\n\n';
const expected = [
  '{"choices":[{"delta":{"content":"Hé"}}]}',
  '{"choices":[{"delta":{"content":" 🌍\\n"}}]}',
  'first line\nsecond line',
  'no space',
  '',
  '[DONE]',
];

describe('SseDataParser', () => {
  it('reads the data of every event, skipping comments and other fields, joining data lines', () => {
    expect(parse(openAiLike)).toEqual(expected);
  });

  it('gives the same events however the stream is cut into pieces, at every single position', () => {
    for (let cut = 1; cut < openAiLike.length; cut++) expect(parse(openAiLike, [cut])).toEqual(expected);
    const everyChar = Array.from({ length: openAiLike.length - 1 }, (_, i) => i + 1);
    expect(parse(openAiLike, everyChar)).toEqual(expected);
  });

  it('takes CRLF and lone CR line ends, also when a CRLF is cut in two', () => {
    const crlf = openAiLike.replaceAll('\n\n', '\r\n\r\n').replaceAll('\nd', '\r\nd');
    expect(parse(crlf)).toEqual(expected);
    for (let cut = 1; cut < crlf.length; cut++) expect(parse(crlf, [cut])).toEqual(expected);
    expect(parse('data: a\r\rdata: b\r\r')).toEqual(['a', 'b']);
  });

  it('drops an event the stream ends in the middle of, and ignores a field that only starts with "data"', () => {
    expect(parse('data: whole\n\ndata: cut off')).toEqual(['whole']);
    expect(parse('database: x\ndata: y\n\n')).toEqual(['y']);
  });
});
