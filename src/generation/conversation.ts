import type { MessageRow } from '../messages/message.ts';
import { MessageTree } from '../messages/message-tree.ts';
import type { Turn } from '../providers/model-provider.ts';


/**
 * What the model is given for a reply: the path of the chat's tree down to the user message being
 * answered, and nothing from other versions. Failed replies and empty ones on that path are left out (a
 * model should not see an error as its own words).
 */
export function conversationFor(chatMessages: MessageRow[], reply: MessageRow): Turn[] {
  const turns: Turn[] = [];
  for (const m of new MessageTree(chatMessages).pathTo(reply.parent_id)) {
    if (m.role === 'user') turns.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant' && m.content && m.status !== 'failed' && m.status !== 'streaming') turns.push({ role: 'assistant', content: m.content });
  }
  return turns;
}
