import type { BenchProtocol } from './bench-protocol.ts';

/** What a Durable Streams `data` event carries in JSON mode: the JSON event stream's events, each with its name as `type`. */
type StreamMessage = { type: string; text?: string };

/**
 * Durable Streams in JSON mode, live over SSE (`GET /ds/messages/:id?offset=-1&live=sse`): each batch of
 * messages is a `data` event, followed by a `control` event whose `streamNextOffset` is where a reader
 * resumes (`offset=`). A `data` event says no offset of its own, so the subscriber drops only after a
 * `control` event: dropped between the two, it would ask again for what it already has.
 */
export const durableStreamsProtocol: BenchProtocol = {
  name: 'durable-streams',
  title: 'a Durable Stream, live over SSE (GET /ds/messages/:id?live=sse)',
  startsTheReply: false,
  follow: (reply) => ({ path: `/ds/messages/${reply.messageId}?offset=-1&live=sse` }),
  read(event) {
    if (event.event === 'control') return { resumeAt: (JSON.parse(event.data) as { streamNextOffset: string }).streamNextOffset };
    if (event.event !== 'data') return {};
    const messages = JSON.parse(event.data) as StreamMessage[];
    let text: string | undefined;
    let ending: 'done' | 'error' | undefined;
    for (const message of messages) {
      if (message.type === 'delta') text = (text ?? '') + message.text;
      else if (message.type === 'done' || message.type === 'error') ending = message.type;
    }
    return { text, ending, awaitsResumeAt: true };
  },
  resume: (endpoint, resumeAt) => ({ ...endpoint, path: `${endpoint.path.replace('offset=-1', `offset=${encodeURIComponent(resumeAt)}`)}` }),
};
