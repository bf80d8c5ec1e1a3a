import type { User } from '../../accounts/user-store.ts';
import { createChat } from '../../chats/chats.ts';
import type { Hotline } from '../../hotline.ts';
import { HttpError } from '../../http/http-error.ts';
import type { MessageRow } from '../../messages/message.ts';
import { postConversation, type SaidConversation } from '../../replies/start-reply.ts';

/**
 * Every OpenAI call is a chat of its caller, visible in the web app: a new chat with the request's model
 * and system prompt, its history stored as said, and the reply started in the background like any other.
 */
export async function startInNewChat(
  hotline: Hotline,
  user: User,
  request: SaidConversation & { model: string; system: string | undefined },
): Promise<MessageRow> {
  const problem = hotline.catalog.problemWith(request.model);
  if (problem) throw new HttpError(404, 'model_not_found', `model: ${problem}`);
  const chat = await createChat(hotline, user, { model: request.model, system: request.system });
  try {
    return await postConversation(hotline, user, chat.id, request);
  } catch (error) {
    // Refused (at capacity, too many streams): the chat made for it goes too, so nothing is left behind.
    await hotline.chats.delete(user.id, chat.id);
    throw error;
  }
}
