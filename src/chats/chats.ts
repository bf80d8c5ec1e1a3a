import type { User } from '../accounts/user-store.ts';
import { endReply } from '../generation/end-reply.ts';
import type { Hotline } from '../hotline.ts';
import { HttpError, notFound } from '../http/http-error.ts';
import { emptyUsage } from '../streams/reply-events.ts';
import { announceChatChange } from './chat-log.ts';
import type { Chat, ChatChanges } from './chat-store.ts';

export const chatLimits = { title: 200, model: 200, systemBytes: 64 * 1024 };

/** The one rule for a chat's fields, for the API and the web form alike: refused, never silently cut. */
function checkChatFields(fields: { title?: string | undefined; model?: string | undefined; system?: string | undefined }): void {
  if (fields.title !== undefined && fields.title.trim().length > chatLimits.title) {
    throw new HttpError(422, 'invalid_body', `title: must be at most ${chatLimits.title} characters`);
  }
  if (fields.model !== undefined && (fields.model.trim() === '' || fields.model.length > chatLimits.model)) {
    throw new HttpError(422, 'invalid_model', `model: must be a model id of at most ${chatLimits.model} characters`);
  }
  if (fields.system !== undefined && Buffer.byteLength(fields.system) > chatLimits.systemBytes) {
    throw new HttpError(422, 'invalid_body', `system: must be at most ${chatLimits.systemBytes} bytes`);
  }
}

export async function createChat(
  hotline: Hotline,
  user: User,
  fields: { title?: string | undefined; model?: string | undefined; system?: string | undefined; knowledgeBase?: boolean | undefined },
  /** A chat whose id its client chose (the standard protocols), scoped to the user by the caller. */
  id: string = hotline.newId(),
): Promise<Chat> {
  checkChatFields(fields);
  const model = fields.model?.trim() ?? hotline.catalog.defaultModel;
  const problem = hotline.catalog.problemWith(model);
  if (problem) throw new HttpError(422, 'invalid_model', `model: ${problem}`);
  return hotline.chats.create({
    id,
    userId: user.id,
    title: fields.title?.trim() || 'New chat',
    titlePending: !fields.title?.trim(),
    model,
    system: fields.system?.trim() ? fields.system : null,
    knowledgeBase: fields.knowledgeBase ?? false,
    createdAt: new Date(hotline.clock.now()).toISOString(),
  });
}

/**
 * Deletes a chat and stops its running replies: each ends `cancelled` (so its subscribers get `done`)
 * and its job is told to abort the upstream request, before the rows go.
 */
export async function deleteChat(hotline: Hotline, user: User, chatId: string): Promise<void> {
  const chat = await hotline.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const now = new Date(hotline.clock.now()).toISOString();
  for (const messageId of await hotline.messages.streamingInChat(chat.id)) {
    const message = await hotline.messages.findById(messageId);
    await endReply(
      { messages: hotline.messages, eventLog: hotline.eventLog, retentionMs: hotline.config.streams.retentionMs },
      messageId,
      { status: 'cancelled', content: message?.content ?? '', finishReason: 'stop', error: null, usage: emptyUsage, firstTokenMs: null, durationMs: null, completedAt: now },
    );
    await hotline.stopSignals.request(messageId);
  }
  await hotline.chats.delete(user.id, chat.id);
  await announceChatChange(hotline.eventLog, chat.id, 'deleted');
}

/**
 * Moves a chat's current path through one of its messages, down to the newest message below it (what
 * the arrows of "2/3" do). Refused while a reply of the chat streams: its readers follow that reply.
 */
export async function setCurrentMessage(hotline: Hotline, user: User, chatId: string, messageId: string): Promise<Chat> {
  const chat = await hotline.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const message = await hotline.messages.find(user.id, messageId);
  if (!message) throw notFound('Message');
  if (message.chat_id !== chat.id) throw new HttpError(422, 'invalid_body', 'messageId: not a message of this chat');
  const { tree } = await hotline.messages.currentPath(chat.id);
  const end = tree.newestBelow(message.id) ?? message;
  if ((await hotline.messages.setCurrent(chat.id, end.id)) === 'chat_busy') {
    throw new HttpError(409, 'reply_streaming', 'A reply of this chat is still streaming');
  }
  await announceChatChange(hotline.eventLog, chat.id, 'path');
  return chat;
}

/** Changes a chat's title, model, system prompt or knowledge base; the next reply uses them, every open page shows them. */
export async function updateChat(hotline: Hotline, user: User, chatId: string, fields: ChatChanges): Promise<Chat> {
  if (fields.model !== undefined) {
    const problem = hotline.catalog.problemWith(fields.model);
    if (problem) throw new HttpError(422, 'invalid_model', `model: ${problem}`);
  }
  if (fields.title !== undefined && fields.title.trim() === '') throw new HttpError(422, 'invalid_body', 'title: must not be empty');
  const changes = { ...fields, ...(fields.title !== undefined ? { title: fields.title.trim() } : {}) };
  const chat = await hotline.chats.update(user.id, chatId, changes);
  if (!chat) throw notFound('Chat');
  await announceChatChange(hotline.eventLog, chat.id, 'details');
  return chat;
}
