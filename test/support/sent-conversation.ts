import { titleInstruction } from '../../src/chats/chat-title.ts';
import type { FakeProvider, RecordedRequest } from '../../src/testing/fake-provider/server.ts';

export interface SentTurn {
  role: string;
  content: string;
}

/**
 * The requests the fake provider received for one model string (the part after `openai:` / `anthropic:`),
 * for replies: the request that writes a new chat's title (see chats/chat-title.ts) is left out.
 */
export const requestsFor = (provider: FakeProvider, model: string): RecordedRequest[] =>
  provider.requests.filter((request) => request.model === model && !isTitleRequest(request));

export const isTitleRequest = (request: RecordedRequest): boolean =>
  sentSystem(request) === titleInstruction || sentTurns(request)[0]?.content === titleInstruction;

/** A message's text on either wire format: a plain string, or a list of `{type: 'text', text}` parts. */
export function plainText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part?.type === 'text' ? String(part.text) : `[${String(part?.type)}]`)).join('');
}

/** The `messages` of a recorded request, text only: OpenAI's include the system message. */
export function sentTurns(request: RecordedRequest): SentTurn[] {
  const messages = (request.body as { messages?: Array<{ role: string; content: unknown }> }).messages ?? [];
  return messages.map((m) => ({ role: m.role, content: plainText(m.content) }));
}

/** Anthropic's top-level `system` field, as text; null when absent. */
export function sentSystem(request: RecordedRequest): string | null {
  const system = (request.body as { system?: unknown }).system;
  return system === undefined ? null : plainText(system);
}
