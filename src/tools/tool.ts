import type { ToolSpec } from '../providers/model-provider.ts';

/** A tool this server offers: what the model is told of it, where it runs, and whether its calls wait for the user. */
export interface Tool extends ToolSpec {
  /** `built-in`, or the name of the MCP server that has it. */
  source: string;
  requiresApproval: boolean;
}

/** What a tool runs with: whose reply called it (a tool sees only that user's data), and the call's end. */
export interface ToolContext {
  userId: string;
  /** Aborted when the call times out or the reply is stopped: a tool stops its work then. */
  signal: AbortSignal;
}

/** How a call ended: the tool's output, or why there is none (said to the model, which goes on). */
export type ToolOutcome = { output: unknown } | { error: string };

/** A tool's own failure, with a message fit for the model and the user (no stack, no secrets). */
export class ToolFailure extends Error {}

/** Where tools come from: the built-ins, or one MCP server. */
export interface ToolSource {
  tools(): Tool[];
  call(name: string, input: Record<string, unknown>, context: ToolContext): Promise<unknown>;
  close(): Promise<void>;
}
