import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicFormat } from './anthropic-format.ts';
import { sendEmbeddings } from './embeddings.ts';
import { sendModelList } from './model-list.ts';
import { openaiFormat } from './openai-format.ts';
import { streamReply, type ReplyState } from './reply.ts';
import { parseScenario, ScenarioError, type Scenario } from './scenario.ts';
import { signatureOf, thinkingProblem } from './anthropic-thinking.ts';
import { countInputWords, expectedReasoning } from './text.ts';
import { toolCallsOfStep, toolTurnsOf } from './tool-turns.ts';
import { filesSeen } from './files-seen.ts';
import { epochNow, type AbortRecord, type RecordedRequest } from './types.ts';
import { randomId, type WireFormat } from './wire-format.ts';

/** What the handler needs from the server that owns it. */
export interface HandlerHooks {
  record(request: RecordedRequest): void;
  abort(record: AbortRecord): void;
  token(model: string, tokenIndex: number, sentAtMs: number): void;
}

const FORMATS = [openaiFormat, anthropicFormat];

export function createHandler(hooks: HandlerHooks) {
  // Faults served per exact model string, so `failTimes` can let later requests through.
  const faultsServed = new Map<string, number>();

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const format = FORMATS.find((f) => f.path === path);
    const requestId = `req_${randomId(24)}`;
    // Unknown paths get OpenAI-shaped errors: that is what most compatible clients parse.
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      sendError(res, format ?? openaiFormat, status, message, requestId, headers);

    const receivedAt = epochNow();
    const body = await readJson(req);
    const model = typeof field(body, 'model') === 'string' ? (field(body, 'model') as string) : '';
    hooks.record({ path, model, body, headers: req.headers, receivedAt });

    if (path === '/v1/embeddings' && req.method === 'POST') return sendEmbeddings(res, body);
    if (path === '/v1/models' && req.method === 'GET') return sendModelList(req, res);
    if (!format || req.method !== 'POST') return fail(404, `Invalid URL (${req.method} ${path})`);
    if (body === undefined) return fail(400, 'Request body is not valid JSON');
    if (field(body, 'stream') !== true) return fail(400, 'The fake provider only supports stream: true');

    let scenario: Scenario;
    try {
      scenario = parseScenario(model);
    } catch (error) {
      if (error instanceof ScenarioError) return fail(400, error.message);
      throw error;
    }

    let fault = scenario.fault;
    if (fault !== undefined) {
      const served = faultsServed.get(model) ?? 0;
      if (scenario.failTimes !== undefined && served >= scenario.failTimes) fault = undefined;
      else faultsServed.set(model, served + 1);
    }
    // retry-after-ms is what the AI SDK honours first; keeping it short keeps retry tests fast.
    if (fault === '429') return fail(429, `Rate limit reached (fake provider, model ${model})`, { 'retry-after': '1', 'retry-after-ms': '50' });
    if (fault === '500') return fail(500, `The server had an error while processing your request (fake provider, model ${model})`);

    if (format === anthropicFormat) {
      const problem = thinkingProblem(body, scenario.reasoning > 0);
      if (problem) return fail(400, problem);
    }

    const words = countInputWords(body);
    const { stepsDone, results } = toolTurnsOf(body);
    // Anthropic always reports usage; OpenAI only when asked, as the AI SDK does.
    const includeUsage = format === anthropicFormat || field(field(body, 'stream_options'), 'include_usage') === true;
    const state: ReplyState = { tokensSent: 0, finished: false };
    const controller = new AbortController();
    res.on('close', () => {
      controller.abort();
      if (!state.finished) hooks.abort({ model, tokensSent: state.tokensSent, at: epochNow() });
    });

    await streamReply({
      res,
      format,
      ctx: {
        id: format.newResponseId(),
        model,
        created: Math.floor(Date.now() / 1000),
        inputTokens: Math.max(words, scenario.cached + scenario.cacheWrite),
        cachedTokens: scenario.cached,
        cacheWriteTokens: scenario.cacheWrite,
        includeUsage,
        reasoningTokens: scenario.reasoning,
        thinkingSignature: signatureOf(expectedReasoning(scenario.reasoning)),
        reasoningField: scenario.reasoningField,
      },
      scenario,
      fault,
      requestId,
      echo: filesSeen(body),
      signal: controller.signal,
      state,
      onToken: (i) => hooks.token(model, i, epochNow()),
      toolCalls: toolCallsOfStep(scenario, stepsDone),
      results,
    });
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function sendError(res: ServerResponse, format: WireFormat, status: number, message: string, requestId: string, headers: Record<string, string>) {
  res.writeHead(status, { 'content-type': 'application/json', [format.requestIdHeader]: requestId, ...headers });
  res.end(JSON.stringify(format.errorBody(status, message, requestId)));
}
