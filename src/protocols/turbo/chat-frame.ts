import type { FragmentContext } from '../../web/views/page-context.ts';
import type { ChatPosition } from '../../web/views/chat-position.ts';

/** One step of a chat's stream: Turbo Stream actions, and the position the page is at once it applied them. */
export interface ChatFrame {
  position: ChatPosition;
  html: string;
}

export interface ChatStreamOptions {
  ctx: FragmentContext;
  signal: AbortSignal;
  keepAliveMs: number;
  /** Deltas arriving within this window go out as one frame. */
  frameIntervalMs: number;
}
