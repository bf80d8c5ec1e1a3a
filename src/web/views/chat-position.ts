import type { BlockState } from '../markdown/growing-markdown.ts';

/**
 * What a page of a chat already shows, so its stream can go on from exactly there: the newest message it
 * has and, when that message is a reply still streaming, how far its text has arrived (`seen`) and how
 * it was split into blocks. Rendered into the stream's URL with the page, and sent as the id of every
 * frame, so a reconnect (EventSource's own, or our WebSocket controller's) resumes exactly.
 */
export type ChatPosition = { messageId: null } | { messageId: string; growing?: { seen: number; blocks: BlockState } };

const b36 = (n: number) => n.toString(36);

export function encodePosition(position: ChatPosition): string {
  if (position.messageId === null) return 'start';
  if (!('growing' in position) || !position.growing) return position.messageId;
  const { seen, blocks } = position.growing;
  return [position.messageId, b36(seen), b36(blocks.finished), b36(blocks.openFrom)].join('.');
}

/** undefined when the text is not a position at all. */
export function parsePosition(text: string): ChatPosition | undefined {
  if (text === 'start') return { messageId: null };
  const parts = text.split('.');
  const [messageId, ...numbers] = parts;
  if (!messageId || !/^[0-9A-Za-z_-]{1,64}$/.test(messageId)) return undefined;
  if (numbers.length === 0) return { messageId };
  if (numbers.length !== 3 || !numbers.every((n) => /^[0-9a-z]{1,11}$/.test(n))) return undefined;
  const [seen, finished, openFrom] = numbers.map((n) => parseInt(n, 36)) as [number, number, number];
  if (openFrom > seen) return undefined;
  return { messageId, growing: { seen, blocks: { finished, openFrom } } };
}
