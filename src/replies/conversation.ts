import type { AttachmentStore } from '../attachments/attachment-store.ts';
import { filesOf } from '../attachments/attached-file.ts';
import { kindOf } from '../attachments/file-type.ts';
import { pdfText } from '../attachments/pdf-text.ts';
import type { MessageRow } from '../messages/message.ts';
import { MessageTree } from '../messages/message-tree.ts';
import type { ModelFile, Turn } from '../providers/model-provider.ts';
import { partsOfRow } from '../streams/reply-parts.ts';
import { turnsOfReply } from './reply-turns.ts';

/** A turn whose files are still to be read: their ids, as the message lists them. */
type PendingTurn = Turn & { fileIds?: string[] };

/**
 * What the model is given for a reply: the path of the chat's tree down to the message it follows (the user
 * message being answered, or the tool results a client sent), and nothing from other versions. Failed
 * replies and empty ones on that path are left out (a model should not see an error as its own words).
 * Hotline's replies are given as their text; a turn a client said (it holds the conversation: the OpenAI
 * API) is given as said, with the tool calls it made and their results.
 */
export function conversationFor(chatMessages: MessageRow[], reply: MessageRow): PendingTurn[] {
  const turns: PendingTurn[] = [];
  for (const m of new MessageTree(chatMessages).pathTo(reply.parent_id)) {
    if (m.role === 'user') {
      const files = filesOf(m.attachments);
      turns.push({ role: 'user', content: m.content, ...(files.length > 0 ? { fileIds: files.map((f) => f.id) } : {}) });
    } else if (m.role === 'assistant' && m.reply_to === null && m.parts !== null) {
      turns.push(...turnsOfReply(partsOfRow(m)));
    } else if (m.role === 'assistant' && m.content && m.status !== 'failed' && m.status !== 'streaming') turns.push({ role: 'assistant', content: m.content });
  }
  return turns;
}

/** Reads the files of a conversation's turns: their bytes, and the text of text files and PDFs. */
export async function withFiles(turns: PendingTurn[], attachments: AttachmentStore): Promise<Turn[]> {
  const ids = turns.flatMap((turn) => turn.fileIds ?? []);
  if (ids.length === 0) return turns;
  const stored = await attachments.contents(ids);
  return turns.map(({ fileIds, ...turn }): Turn => {
    if (!fileIds || turn.role === 'tool') return turn;
    const files: ModelFile[] = [];
    for (const id of fileIds) {
      const file = stored.get(id);
      if (!file) continue; // deleted since: the message is still sent, without it
      const { name, type, data } = file;
      const kind = kindOf(type);
      files.push({ name, type, data, ...(kind === 'text' ? { text: data.toString('utf8') } : kind === 'pdf' ? { text: pdfText(data) } : {}) });
    }
    return { ...turn, files };
  });
}
