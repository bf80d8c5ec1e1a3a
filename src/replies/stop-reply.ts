import type { User } from '../accounts/user-store.ts';
import { isFinished, type MessageRow } from '../messages/message.ts';
import { notFound } from '../refusal.ts';
import { openFollower } from '../streams/reply-follower.ts';
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
  return waitUntilEnded(deps, message, 5_000);
}

/** Follows the reply, as any reader does, until its ending is in (or `timeoutMs` passes); then reads it. */
async function waitUntilEnded(deps: ReplyDeps, message: MessageRow, timeoutMs: number): Promise<MessageRow> {
  const signal = AbortSignal.timeout(timeoutMs);
  const findMessage = (id: string) => deps.messages.findById(id);
  const follower = await openFollower({ eventLog: deps.eventLog, findMessage }, message, { from: 0, keepAliveMs: timeoutMs, signal });
  try {
    await follower.run(() => true);
  } finally {
    follower.close();
  }
  return (await findMessage(message.id)) ?? message;
}
