import type { EventLog } from './event-log.ts';

/**
 * A chat's own log, in the same EventLog as the replies' logs: one `message` entry per reply started in
 * the chat, from any tab, the API or any process. It only announces; the database says what the chat
 * holds. That is how every open page of a chat hears of a new message without polling.
 */
export const chatLogKey = (chatId: string): string => `chat:${chatId}`;

export type ChatChange = 'deleted' | 'path' | 'details';

/** The chat changed as a whole: every open page re-reads it (and leaves it, once it is deleted). */
export async function announceChatChange(eventLog: EventLog, chatId: string, change: ChatChange): Promise<void> {
  await eventLog.append(chatLogKey(chatId), { type: 'chat', change });
}

export async function announceMessage(eventLog: EventLog, chatId: string, messageId: string): Promise<void> {
  await eventLog.append(chatLogKey(chatId), { type: 'message', messageId });
}
