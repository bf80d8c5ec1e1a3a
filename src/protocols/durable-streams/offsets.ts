import { tagOf } from '../../streams/resume-id.ts';

/**
 * Where a Durable Streams reader stands in one reply: the position it reached on the reply's line of
 * positions (the same as the JSON stream's resume ids), how many thinking steps it has, whether it has
 * the sources, and whether it has the end. Made of where things belong in the reply, never of log
 * entries, so an offset stays exact when the live log has expired and the stored message answers.
 */
export interface ReplyOffset {
  position: number;
  steps: number;
  sources: boolean;
  ended: boolean;
}

export const streamStart = (): ReplyOffset => ({ position: 0, steps: 0, sources: false, ended: false });

const pad = (n: number, width: number) => n.toString(36).padStart(width, '0');

/**
 * `<tag>_<position>_<steps><sources><ended>`, fixed-width base 36: lexicographic order is the order in
 * the reply, as the protocol requires, and the tag makes another message's offset answer 400.
 */
export function encodeOffset(messageId: string, offset: ReplyOffset): string {
  return `${tagOf(messageId)}_${pad(offset.position, 8)}_${pad(offset.steps, 2)}${offset.sources ? 1 : 0}${offset.ended ? 1 : 0}`;
}

/** undefined when the text is not an offset of this message. */
export function parseOffset(messageId: string, text: string): ReplyOffset | undefined {
  const match = /^([0-9a-z]{4})_([0-9a-z]{8})_([0-9a-z]{2})([01])([01])$/.exec(text);
  if (!match || match[1] !== tagOf(messageId)) return undefined;
  return { position: parseInt(match[2]!, 36), steps: parseInt(match[3]!, 36), sources: match[4] === '1', ended: match[5] === '1' };
}
