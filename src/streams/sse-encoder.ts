import type { ReplyFrame } from './follow-reply.ts';
import { resumeId } from './resume-id.ts';

/**
 * The JSON event stream's wire format (API.md): one SSE event per frame; deltas carry the resume id.
 * The field order (`id`, `event`, `data`) is the contract's.
 */
export function encodeSse(messageId: string, frame: ReplyFrame): string {
  switch (frame.type) {
    case 'delta':
      return `id: ${resumeId(messageId, frame.position)}\nevent: delta\ndata: ${JSON.stringify({ text: frame.text })}\n\n`;
    case 'thinking':
      return `event: thinking\ndata: ${JSON.stringify({ step: frame.step })}\n\n`;
    case 'sources':
      return `event: sources\ndata: ${JSON.stringify({ sources: frame.sources })}\n\n`;
    case 'done':
      return `event: done\ndata: ${JSON.stringify({ status: frame.status, finishReason: frame.finishReason, usage: frame.usage })}\n\n`;
    case 'error':
      return `event: error\ndata: ${JSON.stringify({ status: frame.status, message: frame.message })}\n\n`;
  }
}

/** A batch of frames as one chunk: one write for everything a subscriber is owed. */
export function encodeSseFrames(messageId: string, frames: ReplyFrame[]): string {
  let chunk = '';
  for (const frame of frames) chunk += encodeSse(messageId, frame);
  return chunk;
}

export const sseKeepAlive = ': keep-alive\n\n';

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};
