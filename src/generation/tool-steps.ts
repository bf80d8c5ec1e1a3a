import type { ModelPart, ModelProvider, ReplyRequest, ToolSpec } from '../providers/model-provider.ts';
import { unansweredCalls, type ToolCallPart } from '../streams/reply-parts.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import type { ToolOutcome } from '../tools/tool.ts';
import { genAi, genAiOperations } from '../tracing/gen-ai-attributes.ts';
import type { Span } from '../tracing/tracing.ts';
import { streamWithRetries, type AttemptSettings } from './provider-attempts.ts';
import type { ReplyInProgress } from './reply-in-progress.ts';
import { stepsTaken, turnsOfReply } from '../replies/reply-turns.ts';

export interface StepDeps {
  tools: Pick<ToolRegistry, 'find' | 'specs' | 'run'>;
  /** Counts each call answered. */
  counted(source: string, outcome: 'done' | 'failed' | 'denied'): void;
  settings: AttemptSettings & { maxSteps: number };
}

export interface StepsOfReply {
  provider: ModelProvider;
  /** The request of every step: the conversation before this reply, and the chat's tools by name. */
  request: ReplyRequest;
  offered: string[];
  /** The tools the reply's client declared itself: offered too, and the calls to them are handed back to it, not run. */
  clientTools: ToolSpec[];
  userId: string;
  /** The user's decisions on calls that waited, when this turn follows a wait (a call without one is denied). */
  decisions: Map<string, boolean>;
  onRetry(attempt: number): void;
  /** Sees each part once it is written (the reply's budget counts them). */
  observe?(part: ModelPart): void;
  /** The reply's span: each call that runs is an `execute_tool` span under it. */
  span: Span;
}

/**
 * A reply's steps: the model writes (text, reasoning, tool calls); the calls run and their results go
 * back to the model, which writes again; up to `maxSteps` model calls. A call to a tool that needs the
 * user's approval ends the turn instead: the reply waits ('awaiting_approval'), and the next turn (after
 * the decision) starts here again, with the waiting calls first. A call to a tool the reply's client
 * declared ends the reply instead, handed back to the client, which runs it and asks again with its result.
 * Tools' failures are results the model reads; only the reply's own abort or the provider's failure is thrown.
 */
export async function runSteps(deps: StepDeps, reply: ReplyInProgress, steps: StepsOfReply): Promise<'completed' | 'awaiting_approval'> {
  const forClient = (name: string) => steps.clientTools.some((tool) => tool.name === name);
  const waiting = unansweredCalls(reply.parts);
  if (waiting.length > 0) await answerCalls(deps, reply, steps, waiting);
  for (let step = stepsTaken(reply.parts); ; step++) {
    const calls: ToolCallPart[] = [];
    const stepStart = reply.length;
    const last = step + 1 >= deps.settings.maxSteps;
    const take = (part: ModelPart) => {
      // Nothing is relayed after an abort (a Stop, the budget): a piece already read stays unwritten.
      if (steps.request.signal.aborted) return;
      if (part.type !== 'tool-call') reply.add(part);
      else {
        const approval = !part.malformed && !forClient(part.name) && steps.offered.includes(part.name) && deps.tools.find(part.name)?.requiresApproval === true;
        reply.add(part, approval);
        calls.push(reply.parts.at(-1) as ToolCallPart);
      }
      steps.observe?.(part);
    };
    const request: ReplyRequest = {
      ...steps.request,
      messages: [...steps.request.messages, ...turnsOfReply(reply.parts)],
      tools: [...deps.tools.specs(steps.offered.filter((name) => !forClient(name))), ...steps.clientTools],
    };
    await streamWithRetries(steps.provider, request, take, { ...deps.settings, started: () => reply.length > stepStart, onRetry: steps.onRetry });
    if (calls.length === 0) return 'completed';
    if (calls.some((call) => forClient(call.name))) {
      // The client runs its own tools: the reply ends with their calls (`tool_calls` in the OpenAI API), once the server's have run.
      await answerCalls(
        deps,
        reply,
        steps,
        calls.filter((call) => !forClient(call.name)),
      );
      return 'completed';
    }
    if (last) {
      // Out of model calls: the calls are answered so that the reply reads whole, and it ends here.
      for (const call of calls) reply.addToolResult(call, { error: `The reply reached its limit of ${deps.settings.maxSteps} model calls.` });
      return 'completed';
    }
    if (calls.some((call) => call.approval)) return 'awaiting_approval';
    await answerCalls(deps, reply, steps, calls);
  }
}

/** Runs the calls of one step together; each result is written as it comes. Denied calls are answered `denied`. */
async function answerCalls(deps: StepDeps, reply: ReplyInProgress, steps: StepsOfReply, calls: ToolCallPart[]): Promise<void> {
  const signal = steps.request.signal;
  await Promise.all(
    calls.map(async (call) => {
      const source = deps.tools.find(call.name)?.source ?? 'unknown';
      if (call.approval && steps.decisions.get(call.toolCallId) !== true) {
        deps.counted(source, 'denied');
        return reply.addToolResult(call, { error: 'denied' });
      }
      const outcome = await traced(steps.span, call, source, () =>
        deps.tools.run(call.name, call.input, { userId: steps.userId, signal, offered: steps.offered }),
      );
      if (signal.aborted) throw signal.reason;
      deps.counted(source, 'error' in outcome ? 'failed' : 'done');
      reply.addToolResult(call, outcome);
    }),
  );
}

/** One call's run as an `execute_tool` span; a call that ends with an error the model reads fails its span. */
async function traced(parent: Span, call: ToolCallPart, source: string, run: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
  const span = parent.child(`${genAiOperations.executeTool} ${call.name}`, {
    attributes: {
      [genAi.operationName]: genAiOperations.executeTool,
      [genAi.toolName]: call.name,
      [genAi.toolCallId]: call.toolCallId,
      'hotline.tool.source': source,
    },
  });
  try {
    const outcome = await run();
    if ('error' in outcome) span.fail('tool_error', outcome.error);
    return outcome;
  } catch (error) {
    span.fail('aborted');
    throw error;
  } finally {
    span.end();
  }
}
