import type { ChatFrame } from './chat-frame.ts';
import { encodePosition } from '../../web/views/chat-position.ts';

/**
 * A chat frame as Server-Sent Events for Turbo's `<turbo-stream-source>`: an unnamed event (Turbo listens
 * only to `message`) whose data is nothing but `<turbo-stream>` elements, and whose id is the page's
 * position after it, which EventSource sends back as Last-Event-ID when it reconnects. A carriage return
 * would end an SSE line, so it travels as a character reference, which the HTML parser turns back.
 */
export function encodeTurboSse(frame: ChatFrame): string {
  const data = frame.html
    .replace(/\r/g, '&#13;')
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n');
  return `id: ${encodePosition(frame.position)}\n${data}\n\n`;
}

/** Sent first: how long EventSource waits before it reconnects after the connection drops. */
export const sseRetry = 'retry: 1000\n\n';
