import type { Logger } from 'pino';
import type { ModelCatalog } from '../providers/model-catalog.ts';
import type { EventLog } from '../streams/event-log.ts';
import type { BilledUsage } from '../streams/reply-events.ts';
import { announceChatChange } from '../streams/chat-log.ts';
import type { ChatStore } from './chat-store.ts';

export interface TitleDeps {
  chats: ChatStore;
  catalog: ModelCatalog;
  eventLog: EventLog;
  logger: Logger;
}

export const titleInstruction =
  'Write a title of at most six words for a chat that starts with the message below. Answer with the title alone: no quotes, no full stop.';
const timeoutMs = 10_000;

/** What a model was asked and wrote for a title, so that its cost counts toward its user's spending. */
export interface TitleCall {
  prompt: { system: string; messages: Array<{ role: 'user'; content: string }> };
  written: string;
  /** The usage the provider reported, or null when it reported none (the title was cut at its first line). */
  usage: BilledUsage | null;
}

/**
 * Gives a chat made without a title the one its model writes for its first question, once its first
 * reply is done (the offline model, or a model that fails at it, takes the question's first words).
 * Every open page of the chat hears of it; a title its owner gave meanwhile is kept. Returns the model
 * call it made, if it made one.
 */
export async function writeChatTitle(deps: TitleDeps, chatId: string, modelId: string, question: string): Promise<TitleCall | undefined> {
  if (!(await deps.chats.titlePending(chatId))) return undefined;
  let call: TitleCall | undefined;
  let title = firstWords(question);
  const model = modelId === 'offline' ? undefined : deps.catalog.resolve(modelId);
  if (model) {
    try {
      const prompt = { system: titleInstruction, messages: [{ role: 'user' as const, content: question.slice(0, 4000) }] };
      call = { prompt, written: '', usage: null };
      const parts = model.provider.streamReply({ model: model.name, ...prompt, signal: AbortSignal.timeout(timeoutMs) });
      for await (const part of parts) {
        if (part.type === 'text') call.written += part.text;
        if (part.type === 'finish') call.usage = part.usage;
        const { written } = call;
        // A title is one short line: stop the model there (leaving the loop aborts its request).
        if (written.includes('\n') || written.length > 100) break;
      }
      title = tidy(call.written) || title;
    } catch (error) {
      deps.logger.warn({ chatId, err: error }, 'the chat title could not be written; the question’s first words stand in');
    }
  }
  if (await deps.chats.setWrittenTitle(chatId, title)) await announceChatChange(deps.eventLog, chatId, 'details');
  return call;
}

/** The question's first words, as a title: at most six, and 60 characters. */
export function firstWords(question: string): string {
  const words = question
    .replace(/[#*_`>[\]]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 6)
    .join(' ');
  return clip(words) || 'New chat';
}

/** A model's answer as a title: its first line, without quotes, Markdown or a full stop. */
function tidy(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return clip(line.replace(/^["'“”#*\s]+|["'“”*.\s]+$/g, '').replace(/^title:\s*/i, ''));
}

const clip = (text: string): string => (text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text);
