import { waitForMore } from '../streams/wait-for-more.ts';
import type { User } from '../accounts/user-store.ts';
import { filesOf } from '../attachments/attached-file.ts';
import { filesForMessage, refuseImagesFor } from './message-files.ts';
import { announceMessage } from '../chats/chat-log.ts';
import { endReply } from '../generation/end-reply.ts';
import type { Hotline } from '../hotline.ts';
import { HttpError, notFound } from '../http/http-error.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { isFinished, type MessageRow } from './message.ts';
import type { NewMessage } from './message-store.ts';
import { isStorageOutage, StorageUnavailable } from '../storage-outage.ts';

/**
 * Starting, retrying and stopping replies. Starting stores the messages and enqueues the job, nothing
 * more: the caller gets its answer at once and the reply is generated in the background.
 */

export async function postMessage(
  hotline: Hotline,
  user: User,
  chatId: string,
  content: string,
  attachmentIds: string[] = [],
): Promise<{ userMessage: MessageRow; assistantMessage: MessageRow }> {
  const chat = await hotline.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const files = await filesForMessage(hotline, user, chat, attachmentIds);
  const userMessage = newMessage(hotline, user, chat.id, { role: 'user', content, status: 'completed', model: null, attachments: files.length > 0 ? JSON.stringify(files) : null });
  userMessage.completed_at = userMessage.created_at;
  const assistantMessage = newMessage(hotline, user, chat.id, { role: 'assistant', reply_to: userMessage.id, parent_id: userMessage.id, model: chat.model });
  // The question follows the end of the chat's current path, read where the turn is stored.
  await startReplies(hotline, user, chat.id, [userMessage, assistantMessage], true);
  await hotline.attachments.attachToChat(user.id, files.map((file) => file.id), chat.id);
  return {
    userMessage: (await hotline.messages.findById(userMessage.id))!,
    assistantMessage: (await hotline.messages.findById(assistantMessage.id))!,
  };
}

export async function retryReply(hotline: Hotline, user: User, messageId: string): Promise<MessageRow> {
  const previous = await hotline.messages.find(user.id, messageId);
  if (!previous) throw notFound('Message');
  if (previous.role !== 'assistant' || !previous.reply_to) {
    throw new HttpError(422, 'not_a_reply', 'Only an assistant message can be retried');
  }
  if (!isFinished(previous.status)) throw new HttpError(409, 'still_streaming', 'This reply is still streaming');
  const chat = await hotline.chats.find(user.id, previous.chat_id);
  if (!chat) throw notFound('Message');
  const question = await hotline.messages.findById(previous.reply_to);
  refuseImagesFor(hotline, chat.model, filesOf(question?.attachments ?? null));
  // A new version beside the old reply: the chat's path now ends at it, the old one's later turns stay on its branch.
  const reply = newMessage(hotline, user, chat.id, { role: 'assistant', reply_to: previous.reply_to, parent_id: previous.parent_id, model: chat.model });
  await startReplies(hotline, user, chat.id, [reply]);
  return (await hotline.messages.findById(reply.id))!;
}

/** A new version of a question, beside the old one, answered by a new reply; the chat's path moves to it. */
export async function editMessage(
  hotline: Hotline,
  user: User,
  messageId: string,
  content: string,
): Promise<{ userMessage: MessageRow; assistantMessage: MessageRow }> {
  const previous = await hotline.messages.find(user.id, messageId);
  if (!previous) throw notFound('Message');
  if (previous.role !== 'user') throw new HttpError(422, 'not_a_question', 'Only a user message can be edited');
  const chat = await hotline.chats.find(user.id, previous.chat_id);
  if (!chat) throw notFound('Message');
  // The new version carries the old one's files: an edit changes the words, not what was attached.
  refuseImagesFor(hotline, chat.model, filesOf(previous.attachments));
  const userMessage = newMessage(hotline, user, chat.id, { role: 'user', content, status: 'completed', model: null, parent_id: previous.parent_id, attachments: previous.attachments });
  userMessage.completed_at = userMessage.created_at;
  const assistantMessage = newMessage(hotline, user, chat.id, { role: 'assistant', reply_to: userMessage.id, parent_id: userMessage.id, model: chat.model });
  await startReplies(hotline, user, chat.id, [userMessage, assistantMessage]);
  return {
    userMessage: (await hotline.messages.findById(userMessage.id))!,
    assistantMessage: (await hotline.messages.findById(assistantMessage.id))!,
  };
}

/**
 * Stops a reply from any process: the job hears the command, aborts the upstream request and ends the
 * message `cancelled`. A reply no job has claimed yet is cancelled right here. Waits briefly for the
 * ending so the answer shows it; a reply that already ended is returned unchanged.
 */
export async function stopReply(hotline: Hotline, user: User, messageId: string): Promise<MessageRow> {
  const message = await hotline.messages.find(user.id, messageId);
  if (!message) throw notFound('Message');
  if (message.role !== 'assistant' || isFinished(message.status)) return message;
  await hotline.stopSignals.request(messageId);
  const now = new Date(hotline.clock.now()).toISOString();
  await endReply(
    { messages: hotline.messages, eventLog: hotline.eventLog, retentionMs: hotline.config.streams.retentionMs },
    messageId,
    { status: 'cancelled', content: message.content, finishReason: 'stop', error: null, usage: emptyUsage, firstTokenMs: null, durationMs: null, completedAt: now },
    { onlyIfUnclaimed: true },
  );
  return waitUntilEnded(hotline, messageId, 5_000);
}

async function waitUntilEnded(hotline: Hotline, messageId: string, timeoutMs: number): Promise<MessageRow> {
  const deadline = Date.now() + timeoutMs;
  let cursor: string | null = null;
  for (;;) {
    const entries = await hotline.eventLog.read(messageId, cursor, 1000);
    cursor = entries.at(-1)?.offset ?? cursor;
    const ended = entries.some((e) => e.event.type === 'done' || e.event.type === 'error');
    const message = (await hotline.messages.findById(messageId))!;
    if (ended || isFinished(message.status) || Date.now() >= deadline) return message;
    await waitForMore(hotline.eventLog, messageId, cursor, deadline - Date.now());
  }
}

async function startReplies(hotline: Hotline, user: User, chatId: string, messages: NewMessage[], followCurrent = false): Promise<void> {
  // Checked before anything is stored: a refused reply leaves nothing behind.
  if ((await hotline.queue.waiting()) >= hotline.config.generation.queueLimit) {
    throw new HttpError(503, 'overloaded', 'The server is at capacity and its queue is full; try again shortly', { 'retry-after': '10' });
  }
  const maxStreams = hotline.config.rateLimits.enabled ? hotline.config.rateLimits.streamsPerUser : Infinity;
  const refusal = await hotline.messages.insertTurn(chatId, user.id, messages, maxStreams, followCurrent);
  if (refusal === 'chat_busy') throw new HttpError(409, 'reply_streaming', 'A reply of this chat is still streaming');
  if (refusal === 'too_many_streams') {
    throw new HttpError(429, 'too_many_streams', 'Too many replies are streaming at once; wait for one to finish', { 'retry-after': '5' });
  }
  const reply = messages.at(-1)!;
  let place: number;
  try {
    await announceMessage(hotline.eventLog, chatId, reply.id);
    place = await hotline.queue.enqueue({ messageId: reply.id });
  } catch (error) {
    // Nothing half-done: a reply no job will take must not stay `streaming` (its chat would answer 409).
    if (!(await hotline.messages.withdrawTurn(messages.map((m) => m.id)))) return;
    if (isStorageOutage(error)) throw new StorageUnavailable({ cause: error });
    throw error;
  }
  // Said in the stream as a thinking step (state, which every client already shows or skips), and only
  // in the live log: once the reply runs it is no longer true, so it is not stored with the message.
  if (place > 0) await hotline.eventLog.append(reply.id, { type: 'thinking', step: `Waiting for a free slot: number ${place} in line` });
}

function newMessage(
  hotline: Hotline,
  user: User,
  chatId: string,
  fields: Partial<NewMessage> & Pick<NewMessage, 'role'>,
): NewMessage & { created_at: string } {
  const now = new Date(hotline.clock.now()).toISOString();
  return {
    id: hotline.newId(),
    chat_id: chatId,
    user_id: user.id,
    content: '',
    thinking: '[]',
    status: 'streaming',
    created_at: now,
    updated_at: now,
    ...fields,
  };
}
