import { resumeByLastEventId, type BenchProtocol, type Reading, type SseEvent } from './bench-protocol.ts';

/** Hotline's own JSON event stream (`delta` events with `{text}`, then `done` or `error`); the baseline relay's is the same without the event names. */
export function readJsonEvent(event: SseEvent): Reading {
  if (event.event === 'delta' || event.event === 'message') return { text: (JSON.parse(event.data) as { text: string }).text, resumeAt: event.id };
  if (event.event === 'done' || event.event === 'error') return { ending: event.event };
  return {};
}

export const jsonProtocol: BenchProtocol = {
  name: 'json',
  title: 'Hotline’s JSON event stream (GET /api/messages/:id/events)',
  startsTheReply: false,
  follow: (reply) => ({ path: `/api/messages/${reply.messageId}/events` }),
  read: readJsonEvent,
  resume: resumeByLastEventId,
};
