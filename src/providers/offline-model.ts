import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelFile, ModelPart, ModelProvider, ReplyRequest } from './model-provider.ts';

/**
 * The model Hotline answers with when no provider is configured: no network, no key. It streams, at a
 * readable pace, a few words of reasoning and then what a newcomer needs next (what Hotline is and how
 * to connect a real model), so the first start already shows streaming working end to end.
 */
export function offlineModel(tokensPerSecond: number): ModelProvider {
  return {
    async *streamReply(request: ReplyRequest): AsyncGenerator<ModelPart> {
      const asked = request.messages.findLast((m) => m.role === 'user');
      const question = asked?.content ?? '';
      const time = timeStep(request, question);
      if (time) {
        yield* timeReply(time, request, tokensPerSecond);
        return;
      }
      const files = asked && 'files' in asked ? (asked.files ?? []) : [];
      const text = (request.knowledge ? extractiveAnswer(question, request.knowledge.passages) : offlineReply(question)) + filesNote(files);
      const reasoning = tokensOf(offlineReasoning(question, request.knowledge !== undefined));
      const tokens = tokensOf(text);
      const interval = 1000 / tokensPerSecond;
      for (const token of reasoning) {
        await pause(interval, request.signal);
        yield { type: 'reasoning', text: token };
      }
      for (const token of tokens) {
        await pause(interval, request.signal);
        yield { type: 'text', text: token };
      }
      yield {
        type: 'finish',
        finishReason: 'stop',
        usage: {
          inputTokens: countWords(request),
          outputTokens: reasoning.length + tokens.length,
          cachedInputTokens: 0,
          reasoningTokens: reasoning.length,
          cacheWriteTokens: 0,
        },
      };
    },
  };
}

/** Waits between tokens. An abort leaves as the signal's own reason, as it does from every provider. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  }
}

/** The files of the question as the model received them: each one's name and first words, so a newcomer sees them arrive. */
function filesNote(files: ModelFile[]): string {
  if (files.length === 0) return '';
  const described = files.map((file) => {
    const words = (file.text ?? '').split(/\s+/).filter(Boolean);
    const start = words.slice(0, 12).join(' ');
    return `- ${file.name}: ${words.length} ${words.length === 1 ? 'word' : 'words'}${start ? `, beginning “${start}${words.length > 12 ? '…' : ''}”` : ''}`;
  });
  return `\n\n**Your files arrived** (read as text):\n\n${described.join('\n')}`;
}

const tokensOf = (text: string): string[] => text.match(/\s*\S+/g) ?? [];

/** A few words of reasoning first, so a newcomer sees a reply think before it answers, as reasoning models do. */
function offlineReasoning(question: string, withKnowledge: boolean): string {
  const asked = quoted(question);
  return `The user asks${asked ? ` “${asked}”` : ' something'}. ${
    withKnowledge
      ? 'I have no model to write with, so I will quote what the knowledge base found.'
      : 'No provider is configured, so I will explain what Hotline is and how to connect a model.'
  }`;
}

const quoted = (question: string) => {
  const asked = question.trim().replace(/\s+/g, ' ');
  return asked.length > 80 ? `${asked.slice(0, 77)}…` : asked;
};

/**
 * With a knowledge base and no model, an honest extractive answer: the best passages, quoted and cited,
 * so a newcomer without an API key still gets useful, sourced answers.
 */
function extractiveAnswer(question: string, passages: Array<{ title: string; excerpt: string }>): string {
  if (passages.length === 0) {
    return `I searched your knowledge base but found nothing about “${quoted(question)}”. Try other words, or add a document that covers it.`;
  }
  const quotes = passages.map((p, i) => `> ${p.excerpt.replace(/\n+/g, ' ')} [${i + 1}]`).join('\n\n');
  const cited = passages.map((p, i) => `[${i + 1}] ${p.title}`).join(' · ');
  return `Here is what your knowledge base says about “${quoted(question)}”:\n\n${quotes}\n\nSources: ${cited}\n\n_(Offline model: these are quotes, not a written answer. Configure a model to get one.)_`;
}

function offlineReply(question: string): string {
  const quote = quoted(question);
  return `This is Hotline's **offline model**: no AI provider is configured yet, so I can't really answer${
    quote ? ` “${quote}”` : ''
  } — but you are watching a reply stream in, token by token, exactly as a real model's would.

**What Hotline is.** An open-source server that streams AI replies to people. Each reply is written by a background job into a durable, ordered event log, so a reload, a second tab or a dropped connection picks the reply up exactly where it was: nothing lost, nothing repeated.

**Connect a real model** by setting environment variables (or a \`.env\` file) and restarting:

- OpenAI: \`OPENAI_API_KEY=sk-…\` and \`HOTLINE_MODEL=openai:gpt-4o-mini\`
- Anthropic: \`ANTHROPIC_API_KEY=…\` and \`HOTLINE_MODEL=anthropic:claude-sonnet-4-5\`
- A local server (Ollama, vLLM, llama.cpp, LM Studio): \`OPENAI_BASE_URL=http://127.0.0.1:11434/v1\` and \`HOTLINE_MODEL=openai:llama3.1\`

Then start a new chat and ask again.`;
}

const countWords = (request: ReplyRequest): number =>
  request.messages.reduce((sum, m) => sum + (m.content.match(/\S+/g)?.length ?? 0), request.system?.match(/\S+/g)?.length ?? 0);

/**
 * A question about the time, with `current_time` offered: the offline model reasons a moment and calls the
 * tool, then answers with what it returned, so a newcomer sees a tool call with no key. Null for any other
 * question, or a chat without the tool.
 */
function timeStep(request: ReplyRequest, question: string): { result: string | undefined } | null {
  if (!request.tools?.some((tool) => tool.name === 'current_time')) return null;
  if (!/\b(time|clock|date|today|day is it)\b/i.test(question)) return null;
  const lastQuestion = request.messages.findLastIndex((m) => m.role === 'user');
  const answered = request.messages.slice(lastQuestion + 1).find((m) => m.role === 'tool' && m.name === 'current_time');
  return { result: answered?.content };
}

async function* timeReply(step: { result: string | undefined }, request: ReplyRequest, tokensPerSecond: number): AsyncGenerator<ModelPart> {
  const interval = 1000 / tokensPerSecond;
  const reasoning = step.result === undefined ? 'The user asks the time. I have a clock: I will call current_time.' : 'The tool answered; I will read it out.';
  const text = step.result === undefined ? '' : timeAnswer(step.result);
  for (const token of tokensOf(reasoning)) {
    await sleep(interval, undefined, { signal: request.signal });
    yield { type: 'reasoning', text: token };
  }
  if (step.result === undefined) yield { type: 'tool-call', toolCallId: `offline_${Date.now().toString(36)}`, name: 'current_time', input: {} };
  for (const token of tokensOf(text)) {
    await sleep(interval, undefined, { signal: request.signal });
    yield { type: 'text', text: token };
  }
  const outputTokens = tokensOf(reasoning).length + tokensOf(text).length;
  yield {
    type: 'finish',
    finishReason: step.result === undefined ? 'tool-calls' : 'stop',
    usage: { inputTokens: countWords(request), outputTokens, cachedInputTokens: 0, reasoningTokens: tokensOf(reasoning).length, cacheWriteTokens: 0 },
  };
}

function timeAnswer(result: string): string {
  let utc: string | undefined;
  try {
    utc = (JSON.parse(result) as { utc?: string }).utc;
  } catch {
    utc = undefined;
  }
  if (!utc) return `I asked the \`current_time\` tool, but it could not tell me: ${result}`;
  return `It is **${utc.slice(11, 16)} UTC** on ${utc.slice(0, 10)}, by the \`current_time\` tool that I just called on the server. (This is Hotline's offline model: configure a real model to get real answers.)`;
}
