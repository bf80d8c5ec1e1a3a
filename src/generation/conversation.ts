import type { MessageRow } from '../messages/message.ts';

export type Turn = { role: 'user' | 'assistant'; content: string };

/**
 * What the model is given for a reply: every earlier turn of the chat, up to and including the user
 * message being answered. A user message that was retried is followed by its latest usable reply only;
 * failed replies and empty ones are left out (a model should not see an error as its own words).
 */
export function conversationFor(chatMessages: MessageRow[], reply: MessageRow): Turn[] {
  const latestReply = new Map<string, MessageRow>();
  for (const m of chatMessages) {
    if (m.role === 'assistant' && m.reply_to && m.id !== reply.id && m.content && m.status !== 'failed' && m.status !== 'streaming') {
      latestReply.set(m.reply_to, m);
    }
  }
  const turns: Turn[] = [];
  for (const m of chatMessages) {
    if (m.role !== 'user') continue;
    turns.push({ role: 'user', content: m.content });
    if (m.id === reply.reply_to) break;
    const answer = latestReply.get(m.id);
    if (answer) turns.push({ role: 'assistant', content: answer.content });
  }
  return turns;
}
