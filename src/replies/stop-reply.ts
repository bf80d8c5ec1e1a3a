import type { User } from '../accounts/user-store.ts';
import { isFinished, type MessageRow } from '../messages/message.ts';
import { notFound } from '../refusal.ts';
import { waitForMore } from '../streams/wait-for-more.ts';
import { cancelReply } from './cancel-reply.ts';
import { isoTime } from '../clock.ts';
import { cancelDeps, type ReplyDeps } from './reply-deps.ts';

/**
 * Stops a reply from any process: the job hears the command, aborts the upstream request and ends the
 * message `cancelled`. A reply no job has claimed yet is cancelled right here. Waits briefly for the
 * ending so the answer shows it; a reply that already ended is returned unchanged.
 */
export async function stopReply(deps: ReplyDeps, user: User, messageId: string): Promise<MessageRow> {
  const message = await deps.messages.find(user.id, messageId);
  if (!message) throw notFound('Message');
  if (message.role !== 'assistant' || isFinished(message.status)) return message;
  await cancelReply(cancelDeps(deps), message, 'unclaimed', isoTime(deps.clock));
  return waitUntilEnded(deps, messageId, 5_000);
}

async function waitUntilEnded(deps: ReplyDeps, messageId: string, timeoutMs: number): Promise<MessageRow> {
  const deadline = Date.now() + timeoutMs;
  let cursor: string | null = null;
  for (;;) {
    const entries = await deps.eventLog.read(messageId, cursor, 1000);
    cursor = entries.at(-1)?.offset ?? cursor;
    const ended = entries.some((e) => e.event.type === 'done' || e.event.type === 'error');
    const message = (await deps.messages.findById(messageId))!;
    if (ended || isFinished(message.status) || Date.now() >= deadline) return message;
    await waitForMore(deps.eventLog, messageId, cursor, deadline - Date.now());
  }
}
