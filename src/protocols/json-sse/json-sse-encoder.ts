import type { ReplyFrame } from '../../streams/reply-frame.ts';
import { resumeId } from '../../streams/resume-id.ts';
import { jsonEventData } from '../json-events.ts';

/**
 * The JSON event stream's wire format (API.md): one SSE event per frame; deltas, reasoning, tool calls and results carry the resume id.
 * The field order (`id`, `event`, `data`) is the contract's.
 */
export function encodeSse(messageId: string, frame: ReplyFrame): string {
  if (frame.type === 'delta') return encodeDelta(messageId, frame);
  if (frame.type === 'done' || frame.type === 'error') latestDeltas.delete(messageId);
  // Every piece that has a place in the reply (reasoning, a tool call, a result) can be resumed from.
  const id = 'position' in frame ? `id: ${resumeId(messageId, frame.position)}\n` : '';
  return `${id}event: ${frame.type}\ndata: ${JSON.stringify(jsonEventData(frame))}\n\n`;
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
