import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { resumeId } from '../../streams/resume-id.ts';

/**
 * The JSON event stream's wire format (API.md): one SSE event per frame; deltas, reasoning, tool calls and results carry the resume id.
 * The field order (`id`, `event`, `data`) is the contract's.
 */
export function encodeSse(messageId: string, frame: ReplyFrame): string {
  switch (frame.type) {
    case 'delta':
      return encodeDelta(messageId, frame);
    case 'reasoning':
      return `id: ${resumeId(messageId, frame.position)}\nevent: reasoning\ndata: ${JSON.stringify({ text: frame.text })}\n\n`;
    case 'tool-call':
      return `id: ${resumeId(messageId, frame.position)}\nevent: tool-call\ndata: ${JSON.stringify({ toolCallId: frame.toolCallId, name: frame.name, input: frame.input })}\n\n`;
    case 'tool-result': {
      const { toolCallId, name, output, error } = frame;
      const data = error === undefined ? { toolCallId, name, output } : { toolCallId, name, error };
      return `id: ${resumeId(messageId, frame.position)}\nevent: tool-result\ndata: ${JSON.stringify(data)}\n\n`;
    }
    case 'approval':
      return `event: approval\ndata: ${JSON.stringify({ toolCallId: frame.toolCallId, name: frame.name, input: frame.input })}\n\n`;
    case 'thinking':
      return `event: thinking\ndata: ${JSON.stringify({ step: frame.step })}\n\n`;
    case 'sources':
      return `event: sources\ndata: ${JSON.stringify({ sources: frame.sources })}\n\n`;
    case 'done':
      latestDeltas.delete(messageId);
      return `event: done\ndata: ${JSON.stringify({ status: frame.status, finishReason: frame.finishReason, usage: frame.usage, cost: frame.cost })}\n\n`;
    case 'error':
      latestDeltas.delete(messageId);
      return `event: error\ndata: ${JSON.stringify({ status: frame.status, message: frame.message })}\n\n`;
  }
}

// Every subscriber at the tail of a reply is sent the same delta: it is encoded once, for all of them.
const latestDeltas = new Map<string, { text: string; position: number; encoded: string }>();

function encodeDelta(messageId: string, frame: Extract<ReplyFrame, { type: 'delta' }>): string {
  const latest = latestDeltas.get(messageId);
  if (latest && latest.position === frame.position && latest.text === frame.text) return latest.encoded;
  const encoded = `id: ${resumeId(messageId, frame.position)}\nevent: delta\ndata: ${JSON.stringify({ text: frame.text })}\n\n`;
  // Bounded: a reply whose subscribers all left before its end leaves one entry behind.
  if (latestDeltas.size >= 10_000) latestDeltas.clear();
  latestDeltas.set(messageId, { text: frame.text, position: frame.position, encoded });
  return encoded;
}

/** A batch of frames as one chunk: one write for everything a subscriber is owed. */
export function encodeSseFrames(messageId: string, frames: ReplyFrame[]): string {
  let chunk = '';
  for (const frame of frames) chunk += encodeSse(messageId, frame);
  return chunk;
}
