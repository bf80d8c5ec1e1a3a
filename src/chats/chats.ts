import type { User } from '../accounts/user-store.ts';
import { isoTime, type Clock } from '../clock.ts';
import type { IdGenerator } from '../ids.ts';
import type { MessageStore } from '../messages/message-store.ts';
import { invalidField, notFound, Refusal } from '../refusal.ts';
import { cancelReply } from '../replies/cancel-reply.ts';
import { cancelDeps, type ReplyDeps } from '../replies/reply-deps.ts';
import { announceChatChange } from '../streams/chat-log.ts';
import type { EventLog } from '../streams/event-log.ts';
import type { Chat, ChatChanges, ChatStore } from './chat-store.ts';

/** What the chat operations need: a narrow view the process's container satisfies. */
export interface ChatDeps extends Pick<ReplyDeps, 'stopSignals' | 'config' | 'budgets' | 'prices'> {
  chats: ChatStore;
  messages: MessageStore;
  eventLog: EventLog;
  catalog: { defaultModel: string; problemWith(model: string): string | null };
  /** The tools this server offers: a chat may only name those. */
  tools: { unknown(names: string[]): string[] };
  clock: Clock;
  newId: IdGenerator;
}

export const chatLimits = { title: 200, model: 200, systemBytes: 64 * 1024 };

/** A chat's tools must be tools this server offers, each named once. */
function checkTools(deps: ChatDeps, tools: string[] | undefined): string[] | undefined {
  if (tools === undefined) return undefined;
  const unknown = deps.tools.unknown(tools);
  if (unknown.length > 0) throw invalidField('tools', `unknown tool: ${unknown.join(', ')} (GET /api/tools lists them)`, 'unknown_tool');
  return [...new Set(tools)];
}

/** The one rule for a chat's fields, for the API and the web form alike: refused, never silently cut. */
function checkChatFields(fields: { title?: string | undefined; model?: string | undefined; system?: string | undefined }): void {
  if (fields.title !== undefined && fields.title.trim().length > chatLimits.title) {
    throw invalidField('title', `must be at most ${chatLimits.title} characters`);
  }
  if (fields.model !== undefined && (fields.model.trim() === '' || fields.model.length > chatLimits.model)) {
    throw invalidField('model', `must be a model id of at most ${chatLimits.model} characters`, 'invalid_model');
  }
  if (fields.system !== undefined && Buffer.byteLength(fields.system) > chatLimits.systemBytes) {
    throw invalidField('system', `must be at most ${chatLimits.systemBytes} bytes`);
  }
}

export async function createChat(
  deps: ChatDeps,
  user: User,
  fields: {
    title?: string | undefined;
    model?: string | undefined;
    system?: string | undefined;
    knowledgeBase?: boolean | undefined;
    tools?: string[] | undefined;
  },
  /** A chat whose id its client chose (the standard protocols), scoped to the user by the caller. */
  id: string = deps.newId(),
): Promise<Chat> {
  checkChatFields(fields);
  const tools = checkTools(deps, fields.tools) ?? [];
  const model = fields.model?.trim() ?? deps.catalog.defaultModel;
  const problem = deps.catalog.problemWith(model);
  if (problem) throw invalidField('model', problem, 'invalid_model');
  return deps.chats.create({
    id,
    userId: user.id,
    title: fields.title?.trim() || 'New chat',
    titlePending: !fields.title?.trim(),
    model,
    system: fields.system?.trim() ? fields.system : null,
    knowledgeBase: fields.knowledgeBase ?? false,
    tools,
    createdAt: isoTime(deps.clock),
  });
}

/**
 * Deletes a chat and cancels its running replies first: each ends `cancelled` (so its subscribers get
 * `done`) and its job is told to abort the upstream request, before the rows go.
 */
export async function deleteChat(deps: ChatDeps, user: User, chatId: string): Promise<void> {
  const chat = await deps.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const now = isoTime(deps.clock);
  for (const messageId of await deps.messages.streamingInChat(chat.id)) {
    const message = await deps.messages.findById(messageId);
    if (message) await cancelReply(cancelDeps(deps), message, 'now', now);
  }
  await deps.chats.delete(user.id, chat.id);
  await announceChatChange(deps.eventLog, chat.id, 'deleted');
}

/**
 * Moves a chat's current path through one of its messages, down to the newest message below it (what
 * the arrows of "2/3" do). Refused while a reply of the chat streams: its readers follow that reply.
 */
export async function setCurrentMessage(deps: ChatDeps, user: User, chatId: string, messageId: string): Promise<Chat> {
  const chat = await deps.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const message = await deps.messages.find(user.id, messageId);
  if (!message) throw notFound('Message');
  if (message.chat_id !== chat.id) throw invalidField('messageId', 'not a message of this chat');
  const { tree } = await deps.messages.currentPath(chat.id);
  const end = tree.newestBelow(message.id) ?? message;
  if ((await deps.messages.setCurrent(chat.id, end.id)) === 'chat_busy') {
    throw new Refusal('conflict', 'reply_streaming', 'A reply of this chat is still streaming');
  }
  await announceChatChange(deps.eventLog, chat.id, 'path');
  return chat;
}

/** Changes a chat's title, model, system prompt or knowledge base; the next reply uses them, every open page shows them. */
export async function updateChat(deps: ChatDeps, user: User, chatId: string, fields: ChatChanges): Promise<Chat> {
  if (fields.model !== undefined) {
    const problem = deps.catalog.problemWith(fields.model);
    if (problem) throw invalidField('model', problem, 'invalid_model');
  }
  if (fields.title !== undefined && fields.title.trim() === '') throw invalidField('title', 'must not be empty');
  const tools = checkTools(deps, fields.tools);
  const changes = { ...fields, ...(tools !== undefined ? { tools } : {}), ...(fields.title !== undefined ? { title: fields.title.trim() } : {}) };
  const chat = await deps.chats.update(user.id, chatId, changes);
  if (!chat) throw notFound('Chat');
  await announceChatChange(deps.eventLog, chat.id, 'details');
  return chat;
}
