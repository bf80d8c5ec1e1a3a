import type { Endpoint } from '../endpoint.ts';

/** The protocols `--protocol` picks from: how Hotline's subscribers follow the replies. */
export const protocolNames = ['json', 'ai-sdk', 'openai-chat', 'openai-responses', 'durable-streams'] as const;
export type ProtocolName = (typeof protocolNames)[number];

/** One Server-Sent Event as a subscriber received it. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/** What one event carries for the bench: text of the reply, its ending, and where a resume would go on from. */
export interface Reading {
  text?: string;
  ending?: 'done' | 'error';
  resumeAt?: string;
  /** The resume point of this event's text comes in a later event: a planned drop waits for it. */
  awaitsResumeAt?: boolean;
}

/** How a subscriber reads a stream, and comes back to it after a drop. */
export interface StreamReading {
  read(event: SseEvent): Reading;
  /** The same stream from after `resumeAt` (the last the events said); none for a protocol without resume. */
  resume?(endpoint: Endpoint, resumeAt: string): Endpoint;
}

/** A reply the bench posted through the JSON API, which a protocol's subscribers then follow. */
export interface PostedReply {
  chatId: string;
  messageId: string;
}

/** A route on Hotline, without its host and the user's token. */
export type Route = Pick<Endpoint, 'path' | 'method' | 'body'>;

/**
 * One of Hotline's protocols as the bench drives it. Most follow a reply posted through the JSON API; a
 * Chat Completions stream is instead the answer to the request that starts its reply, so it has one
 * subscriber per reply and no resume.
 */
export type BenchProtocol = StreamReading & {
  readonly name: ProtocolName;
  /** What the subscribers open, for the log and the report. */
  readonly title: string;
  /** What the protocol leaves out of a run. */
  readonly note?: string;
} & ({ readonly startsTheReply: false; follow(reply: PostedReply): Route } | { readonly startsTheReply: true; start(model: string): Route });

/** Resumes by the `Last-Event-ID` header: the JSON stream, the AI SDK stream, and the baseline relay. */
export const resumeByLastEventId = (endpoint: Endpoint, resumeAt: string): Endpoint => ({
  ...endpoint,
  headers: { ...endpoint.headers, 'last-event-id': resumeAt },
});
