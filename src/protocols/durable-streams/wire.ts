import type { StreamMessage } from './reply-messages.ts';

/**
 * The Durable Streams wire format of a reply, JSON mode: a read answers a JSON array of messages, and a
 * live SSE read sends each batch as a `data` event followed by a `control` event with the offset to
 * resume from. JSON text never holds a raw line break, so each event's data is one line.
 */
export const jsonBody = (messages: StreamMessage[]): string => JSON.stringify(messages);

export interface Control {
  streamNextOffset: string;
  /** Left out once the stream is closed: the reader must not come back. */
  streamCursor?: string;
  upToDate?: true;
  streamClosed?: true;
}

export function sseBatch(messages: StreamMessage[], control: Control): string {
  const data = messages.length > 0 ? `event: data\ndata: ${jsonBody(messages)}\n\n` : '';
  return `${data}event: control\ndata: ${JSON.stringify(control)}\n\n`;
}

export const headerNames = {
  nextOffset: 'stream-next-offset',
  upToDate: 'stream-up-to-date',
  closed: 'stream-closed',
  cursor: 'stream-cursor',
} as const;

/**
 * A finished reply never changes, so its reads may be kept: privately, as the protocol asks of streams
 * that hold a user's data (a CDN that keys on Authorization may keep them too). Anything that may still
 * grow, and every answer about the tail, is never kept.
 */
export const cacheControl = {
  finished: 'private, max-age=60, stale-while-revalidate=300',
  live: 'no-store',
} as const;

/** Sent on every answer (the protocol's browser security headers). */
export const commonHeaders = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'cross-origin',
  vary: 'authorization',
} as const;
