import type { ReplyFrame } from '../streams/reply-frame.ts';

/**
 * What each event of Hotline's JSON event stream says (API.md, "The event stream of one message"): its
 * data, by frame, the event's name being the frame's type. The JSON event stream writes it as SSE, and
 * Durable Streams as one JSON message per event.
 */
export function jsonEventData(frame: ReplyFrame): object {
  switch (frame.type) {
    case 'delta':
    case 'reasoning':
      return { text: frame.text };
    case 'tool-call':
    case 'approval':
      return { toolCallId: frame.toolCallId, name: frame.name, input: frame.input };
    case 'tool-result': {
      const { toolCallId, name, output, error } = frame;
      return error === undefined ? { toolCallId, name, output } : { toolCallId, name, error };
    }
    case 'thinking':
      return { step: frame.step };
    case 'sources':
      return { sources: frame.sources };
    case 'done':
      return { status: frame.status, finishReason: frame.finishReason, usage: frame.usage, cost: frame.cost };
    case 'error':
      return { status: frame.status, message: frame.message };
  }
}
