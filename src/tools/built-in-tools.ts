import type { Clock } from '../clock.ts';
import { retrievePassages, type RetrievalDeps } from '../knowledge/retrieve.ts';
import { ToolFailure, type Tool, type ToolContext, type ToolSource } from './tool.ts';

const tools: Tool[] = [
  {
    name: 'current_time',
    description: 'The current date and time (UTC, ISO 8601), and the same in a given IANA time zone if one is named.',
    inputSchema: {
      type: 'object',
      properties: { timeZone: { type: 'string', description: 'An IANA time zone such as Europe/Paris (optional)' } },
      additionalProperties: false,
    },
    source: 'built-in',
    requiresApproval: false,
  },
  {
    name: 'knowledge_search',
    description: "Searches the user's knowledge base (their uploaded documents) and returns the best passages with their titles.",
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What to look for' } },
      required: ['query'],
      additionalProperties: false,
    },
    source: 'built-in',
    requiresApproval: false,
  },
];

/** The tools every Hotline has, with no server to configure: the time, and the user's own knowledge base. */
export function builtInTools(deps: { clock: Clock; knowledge: RetrievalDeps }): ToolSource {
  return {
    tools: () => tools,
    async call(name, input, context) {
      if (name === 'current_time') return currentTime(deps.clock, input);
      if (name === 'knowledge_search') return knowledgeSearch(deps.knowledge, input, context);
      throw new ToolFailure(`There is no built-in tool named ${name}.`);
    },
    close: async () => {},
  };
}

function currentTime(clock: Clock, input: Record<string, unknown>) {
  const now = new Date(clock.now());
  const timeZone = input['timeZone'];
  if (timeZone === undefined) return { utc: now.toISOString() };
  if (typeof timeZone !== 'string') throw new ToolFailure('timeZone must be a string such as Europe/Paris.');
  try {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(now);
    return { utc: now.toISOString(), timeZone, local };
  } catch {
    throw new ToolFailure(`${timeZone} is not a time zone this server knows.`);
  }
}

async function knowledgeSearch(knowledge: RetrievalDeps, input: Record<string, unknown>, context: ToolContext) {
  const query = input['query'];
  if (typeof query !== 'string' || query.trim() === '') throw new ToolFailure('query must be the text to look for.');
  const passages = await retrievePassages(knowledge, context.userId, [{ role: 'user', content: query }], 5);
  return { passages: passages.map((p) => ({ title: p.title, excerpt: p.excerpt, url: p.url, relevance: Math.round(p.relevance * 100) / 100 })) };
}
