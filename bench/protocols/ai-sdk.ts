import { resumeByLastEventId, type BenchProtocol } from './bench-protocol.ts';

/** The AI SDK UI message stream, as `useChat` reconnects to a chat: its active reply, resumed by Last-Event-ID. */
export const aiSdkProtocol: BenchProtocol = {
  name: 'ai-sdk',
  title: 'the AI SDK UI message stream, as useChat resumes a chat (GET /api/ai-sdk/chat/:id/stream)',
  startsTheReply: false,
  follow: (reply) => ({ path: `/api/ai-sdk/chat/${reply.chatId}/stream` }),
  read(event) {
    if (event.data === '[DONE]') return {};
    const chunk = JSON.parse(event.data) as { type: string; delta?: string };
    const resumeAt = event.id;
    if (chunk.type === 'text-delta') return { text: chunk.delta, resumeAt };
    if (chunk.type === 'finish' || chunk.type === 'abort') return { ending: 'done', resumeAt };
    if (chunk.type === 'error') return { ending: 'error', resumeAt };
    return { resumeAt };
  },
  resume: resumeByLastEventId,
};
