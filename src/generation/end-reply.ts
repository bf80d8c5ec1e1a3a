import type { EventLog } from '../streams/event-log.ts';
import type { Ending, MessageStore } from '../messages/message-store.ts';
import { terminalEventOfEnding } from '../streams/terminal-event.ts';

export interface EndReplyDeps {
  messages: MessageStore;
  eventLog: EventLog;
  retentionMs: number;
}

/**
 * Ends a streaming reply: the database first (so a client that sees `done` and then reads the message
 * finds it finished), then the terminal event, then the log's expiry. Whoever ends it first wins;
 * the others get false and append nothing, so every subscriber sees exactly one ending.
 */
export async function endReply(
  deps: EndReplyDeps,
  messageId: string,
  ending: Ending,
  options: { onlyIfUnclaimed?: boolean; loggedText?: string } = {},
): Promise<boolean> {
  const won = await deps.messages.end(messageId, ending, options.onlyIfUnclaimed);
  if (!won) return false;
  // A log that lost text (an in-memory log after a crash) is topped up first: whoever reads the log
  // must assemble exactly the stored content. Only the winner may do it, or the text would repeat.
  const logged = options.loggedText;
  if (logged !== undefined && ending.content.length > logged.length && ending.content.startsWith(logged)) {
    await deps.eventLog.append(messageId, { type: 'delta', text: ending.content.slice(logged.length) });
  }
  await deps.eventLog.append(messageId, terminalEventOfEnding(ending));
  await deps.eventLog.expire(messageId, deps.retentionMs);
  return true;
}
