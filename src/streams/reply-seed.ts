import type { ReplyEvent, Source } from './reply-events.ts';
import { eventsOfParts, type StoredPart } from './reply-parts.ts';

/**
 * The first events of a reply's log written again from what its writer has (the whole reply so far),
 * when the log it was writing is gone (Redis lost it). Every event says where it belongs, so a
 * subscriber that read the old log takes from the new one only what it has not had.
 */
export function seedEvents(reply: { parts: StoredPart[]; thinking: string[]; sources: Source[] | null }): ReplyEvent[] {
  const events: ReplyEvent[] = reply.thinking.map((step, n) => ({ type: 'thinking', step, n }));
  if (reply.sources !== null) events.push({ type: 'sources', sources: reply.sources });
  events.push(...eventsOfParts(reply.parts));
  return events;
}
