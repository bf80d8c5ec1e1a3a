import type { User } from '../accounts/user-store.ts';
import { checkMessageContent } from '../messages/message-content.ts';
import { filesForMessage, refuseImagesFor } from '../messages/message-files.ts';
import { filesOf } from '../attachments/attached-file.ts';
import { isFinished, type MessageRow } from '../messages/message.ts';
import type { NewMessage } from '../messages/message-store.ts';
import { notFound, Refusal } from '../refusal.ts';
import { isStorageOutage, StorageUnavailable } from '../storage-outage.ts';
import { announceMessage } from '../streams/chat-log.ts';
import { isoTime } from '../clock.ts';
import type { ToolSpec } from '../providers/model-provider.ts';
import type { StoredPart } from '../streams/reply-parts.ts';
import type { ReplyDeps } from './reply-deps.ts';

/**
 * Starting a reply: to a new question, as a retry, or to an edited question. Starting stores the messages and enqueues the job, nothing
 * more: the caller gets its answer at once and the reply is generated in the background.
 */

export async function postMessage(
  deps: ReplyDeps,
  user: User,
  chatId: string,
  content: string,
  attachmentIds: string[] = [],
): Promise<{ userMessage: MessageRow; assistantMessage: MessageRow }> {
  checkMessageContent(content, deps.config.limits.maxContentBytes);
  const chat = await deps.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const files = await filesForMessage(deps, user, chat, attachmentIds);
  const attachments = files.length > 0 ? JSON.stringify(files) : null;
  const userMessage = newMessage(deps, user, chat.id, { role: 'user', content, status: 'completed', model: null, attachments });
  userMessage.completed_at = userMessage.created_at;
  const assistantMessage = newMessage(deps, user, chat.id, { role: 'assistant', reply_to: userMessage.id, parent_id: userMessage.id, model: chat.model });
  // The question follows the end of the chat's current path, read where the turn is stored.
  await startReplies(deps, user, chat.id, [userMessage, assistantMessage], true);
  await deps.attachments.attachToChat(
    user.id,
    files.map((file) => file.id),
    chat.id,
  );
  return {
    userMessage: (await deps.messages.findById(userMessage.id))!,
    assistantMessage: (await deps.messages.findById(assistantMessage.id))!,
  };
}

/** A turn of a conversation its client holds: an assistant turn may carry the tool calls it made and their results (`parts`). */
export interface SaidTurn {
  role: 'user' | 'assistant';
  content: string;
  parts?: StoredPart[];
}

/**
 * A conversation its client holds (the OpenAI and AI SDK protocols send the whole history): what was said,
 * then the user's new question, or none when the history ends with the results of the tool calls the client
 * ran itself (the reply goes on from them). `clientTools`: the tools the client declared, offered to the
 * model beside the chat's; a call to one of them ends the reply, handed back to the client.
 */
export interface SaidConversation {
  history: SaidTurn[];
  question: string | undefined;
  clientTools?: ToolSpec[];
}

/**
 * A reply to a conversation its client holds: the history is stored as said, the question after it, and a
 * reply starts. With `parentId`, the history follows that message (a continued response); without, it
 * follows the chat's current path.
 */
export async function postConversation(deps: ReplyDeps, user: User, chatId: string, conversation: SaidConversation, parentId?: string): Promise<MessageRow> {
  const { history, question, clientTools } = conversation;
  if (question !== undefined) checkMessageContent(question, deps.config.limits.maxContentBytes);
  const chat = await deps.chats.find(user.id, chatId);
  if (!chat) throw notFound('Chat');
  const said = (fields: Partial<NewMessage> & Pick<NewMessage, 'role'>) => {
    const message = newMessage(deps, user, chat.id, { status: 'completed', model: null, ...fields });
    message.completed_at = message.created_at;
    return message;
  };
  const messages: NewMessage[] = history.map((turn) => said({ role: turn.role, content: turn.content, parts: turn.parts ? JSON.stringify(turn.parts) : null }));
  if (question !== undefined) messages.push(said({ role: 'user', content: question }));
  const answered = messages.findLast((message) => message.role === 'user');
  messages.push(
    newMessage(deps, user, chat.id, {
      role: 'assistant',
      reply_to: answered?.id ?? null,
      model: chat.model,
      client_tools: clientTools?.length ? JSON.stringify(clientTools) : null,
    }),
  );
  messages.forEach((message, i) => (message.parent_id = i === 0 ? (parentId ?? null) : messages[i - 1]!.id));
  await startReplies(deps, user, chat.id, messages, parentId === undefined);
  return (await deps.messages.findById(messages.at(-1)!.id))!;
}

export async function retryReply(deps: ReplyDeps, user: User, messageId: string): Promise<MessageRow> {
  const previous = await deps.messages.find(user.id, messageId);
  if (!previous) throw notFound('Message');
  if (previous.role !== 'assistant' || !previous.reply_to) {
    throw new Refusal('invalid', 'not_a_reply', 'Only an assistant message can be retried');
  }
  if (!isFinished(previous.status)) throw new Refusal('conflict', 'still_streaming', 'This reply is still streaming');
  const chat = await deps.chats.find(user.id, previous.chat_id);
  if (!chat) throw notFound('Message');
  const question = await deps.messages.findById(previous.reply_to);
  refuseImagesFor(deps, chat.model, filesOf(question?.attachments ?? null));
  // A new version beside the old reply: the chat's path now ends at it, the old one's later turns stay on its branch.
  const reply = newMessage(deps, user, chat.id, { role: 'assistant', reply_to: previous.reply_to, parent_id: previous.parent_id, model: chat.model });
  await startReplies(deps, user, chat.id, [reply]);
  return (await deps.messages.findById(reply.id))!;
}

/** A new version of a question, beside the old one, answered by a new reply; the chat's path moves to it. */
export async function editMessage(
  deps: ReplyDeps,
  user: User,
  messageId: string,
  content: string,
): Promise<{ userMessage: MessageRow; assistantMessage: MessageRow }> {
  checkMessageContent(content, deps.config.limits.maxContentBytes);
  const previous = await deps.messages.find(user.id, messageId);
  if (!previous) throw notFound('Message');
  if (previous.role !== 'user') throw new Refusal('invalid', 'not_a_question', 'Only a user message can be edited');
  const chat = await deps.chats.find(user.id, previous.chat_id);
  if (!chat) throw notFound('Message');
  // The new version carries the old one's files: an edit changes the words, not what was attached.
  refuseImagesFor(deps, chat.model, filesOf(previous.attachments));
  const userMessage = newMessage(deps, user, chat.id, {
    role: 'user',
    content,
    status: 'completed',
    model: null,
    parent_id: previous.parent_id,
    attachments: previous.attachments,
  });
  userMessage.completed_at = userMessage.created_at;
  const assistantMessage = newMessage(deps, user, chat.id, { role: 'assistant', reply_to: userMessage.id, parent_id: userMessage.id, model: chat.model });
  await startReplies(deps, user, chat.id, [userMessage, assistantMessage]);
  return {
    userMessage: (await deps.messages.findById(userMessage.id))!,
    assistantMessage: (await deps.messages.findById(assistantMessage.id))!,
  };
}

async function startReplies(deps: ReplyDeps, user: User, chatId: string, messages: NewMessage[], followCurrent = false): Promise<void> {
  // Checked before anything is stored: a refused reply leaves nothing behind.
  if (await deps.budgets.exhausted(user.id, isoTime(deps.clock))) {
    throw new Refusal('budget', 'budget_exhausted', 'You have spent your budget for this month; replies can start again next month');
  }
  if ((await deps.queue.waiting()) >= deps.config.generation.queueLimit) {
    throw new Refusal('overloaded', 'overloaded', 'The server is at capacity and its queue is full; try again shortly', { retryAfterSeconds: 10 });
  }
  const maxStreams = deps.config.rateLimits.enabled ? deps.config.rateLimits.streamsPerUser : Infinity;
  const refusal = await deps.messages.insertTurn(chatId, user.id, messages, maxStreams, followCurrent);
  if (refusal === 'chat_busy') throw new Refusal('conflict', 'reply_streaming', 'A reply of this chat is still streaming');
  if (refusal === 'too_many_streams') {
    throw new Refusal('limited', 'too_many_streams', 'Too many replies are streaming at once; wait for one to finish', { retryAfterSeconds: 5 });
  }
  const reply = messages.at(-1)!;
  let place: number;
  try {
    await announceMessage(deps.eventLog, chatId, reply.id);
    place = await deps.queue.enqueue({ messageId: reply.id, trace: deps.tracing.carrier() });
  } catch (error) {
    // Nothing half-done: a reply no job will take must not stay `streaming` (its chat would answer 409).
    if (!(await deps.messages.withdrawTurn(messages.map((m) => m.id)))) return;
    if (isStorageOutage(error)) throw new StorageUnavailable({ cause: error });
    throw error;
  }
  // Said in the stream as a thinking step (state, which every client already shows or skips), and only
  // in the live log: once the reply runs it is no longer true, so it is not stored with the message.
  if (place > 0) await deps.eventLog.append(reply.id, { type: 'thinking', step: `Waiting for a free slot: number ${place} in line` });
}

function newMessage(deps: ReplyDeps, user: User, chatId: string, fields: Partial<NewMessage> & Pick<NewMessage, 'role'>): NewMessage & { created_at: string } {
  const now = isoTime(deps.clock);
  return {
    id: deps.newId(),
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
