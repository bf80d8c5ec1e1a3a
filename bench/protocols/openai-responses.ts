import type { BenchProtocol } from './bench-protocol.ts';

/** OpenAI Responses: the reply as a background response, streamed by `GET /v1/responses/:id?stream=true`, resumed with `starting_after`. */
export const openAiResponsesProtocol: BenchProtocol = {
  name: 'openai-responses',
  title: 'a Responses API stream (GET /v1/responses/:id?stream=true)',
  startsTheReply: false,
  follow: (reply) => ({ path: `/v1/responses/resp_${reply.messageId}?stream=true` }),
  read(event) {
    const data = JSON.parse(event.data) as { delta?: string; sequence_number?: number };
    const resumeAt = data.sequence_number === undefined ? undefined : String(data.sequence_number);
    if (event.event === 'response.output_text.delta') return { text: data.delta, resumeAt };
    if (event.event === 'response.completed' || event.event === 'response.incomplete') return { ending: 'done', resumeAt };
    if (event.event === 'response.failed' || event.event === 'error') return { ending: 'error', resumeAt };
    return { resumeAt };
  },
  resume: (endpoint, resumeAt) => ({ ...endpoint, path: `${endpoint.path}&starting_after=${resumeAt}` }),
};
