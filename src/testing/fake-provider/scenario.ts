/**
 * The scenario rides in the `model` string (`name?tokens=20&rate=100&fault=drop`)
 * because that is the one field every AI SDK client forwards verbatim, so tests
 * can steer the fake without any side channel.
 */
export const FAULTS = ['429', '500', 'malformed', 'drop', 'stall'] as const;
export type Fault = (typeof FAULTS)[number];

export interface Scenario {
  name: string;
  /** Text tokens in a complete reply. */
  tokens: number;
  /** Tokens per second; 0 = as fast as the event loop allows. */
  rate: number;
  fault?: Fault;
  /** Tokens sent before a mid-stream fault (malformed/drop/stall) strikes. */
  faultAfter: number;
  /** Only the first N requests with this exact model string fault; undefined = all. */
  failTimes?: number;
  /** Cached input tokens reported in usage (read from the prompt cache). */
  cached: number;
  /** Input tokens reported written to the prompt cache (Anthropic's `cache_creation_input_tokens`). */
  cacheWrite: number;
  /** Reasoning tokens streamed before the text (Anthropic thinking, OpenAI-compatible reasoning deltas). */
  reasoning: number;
  /** The delta field an OpenAI-compatible server puts reasoning in: DeepSeek's, or OpenRouter's and Ollama's. */
  reasoningField: 'reasoning_content' | 'reasoning';
  /**
   * Tool calls the model makes (`tool=<name>`, repeated for several in one step, each with its `args`, a
   * JSON text, URL-encoded), in the first `toolSteps` steps; after that it answers, quoting the results it
   * was sent. `badArgs`: the arguments are written as broken JSON.
   */
  calls: Array<{ name: string; args: string }>;
  toolSteps: number;
  badArgs: boolean;
}

export class ScenarioError extends Error {}

const DEFAULTS = { tokens: 30, rate: 50, faultAfter: 0, cached: 0, cacheWrite: 0, reasoning: 0 };
const KNOWN_KEYS = new Set([
  'tokens',
  'rate',
  'fault',
  'faultAfter',
  'failTimes',
  'cached',
  'cacheWrite',
  'reasoning',
  'reasoningField',
  'tool',
  'args',
  'toolSteps',
  'badArgs',
]);
const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

export function parseScenario(model: string): Scenario {
  const q = model.indexOf('?');
  const name = q === -1 ? model : model.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : model.slice(q + 1));

  // A typo like `token=5` silently streaming 30 tokens would make a test pass
  // for the wrong reason, so unknown keys are rejected.
  for (const key of params.keys()) {
    if (!KNOWN_KEYS.has(key)) throw new ScenarioError(`unknown scenario parameter "${key}" in model "${model}"`);
  }

  const fault = params.get('fault') ?? undefined;
  if (fault !== undefined && !FAULTS.includes(fault as Fault)) {
    throw new ScenarioError(`unknown fault "${fault}" (expected one of ${FAULTS.join(', ')})`);
  }

  const reasoningField = params.get('reasoningField') ?? 'reasoning_content';
  if (!REASONING_FIELDS.includes(reasoningField as Scenario['reasoningField'])) {
    throw new ScenarioError(`unknown reasoningField "${reasoningField}" (expected one of ${REASONING_FIELDS.join(', ')})`);
  }
  const failTimes = params.has('failTimes') ? integer(params, 'failTimes', 0) : undefined;
  const names = params.getAll('tool');
  const args = params.getAll('args');
  const calls = names.map((name, i) => ({ name, args: args[i] ?? '{}' }));
  return {
    name,
    tokens: integer(params, 'tokens', DEFAULTS.tokens),
    rate: number(params, 'rate', DEFAULTS.rate),
    ...(fault === undefined ? {} : { fault: fault as Fault }),
    faultAfter: integer(params, 'faultAfter', DEFAULTS.faultAfter),
    ...(failTimes === undefined ? {} : { failTimes }),
    cached: integer(params, 'cached', DEFAULTS.cached),
    cacheWrite: integer(params, 'cacheWrite', DEFAULTS.cacheWrite),
    reasoning: integer(params, 'reasoning', DEFAULTS.reasoning),
    reasoningField: reasoningField as Scenario['reasoningField'],
    calls,
    toolSteps: calls.length === 0 ? 0 : integer(params, 'toolSteps', 1),
    badArgs: params.get('badArgs') === '1',
  };
}

function number(params: URLSearchParams, key: string, fallback: number): number {
  const raw = params.get(key);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new ScenarioError(`scenario parameter ${key}=${raw} must be a non-negative number`);
  }
  return value;
}

function integer(params: URLSearchParams, key: string, fallback: number): number {
  const value = number(params, key, fallback);
  if (!Number.isInteger(value)) throw new ScenarioError(`scenario parameter ${key}=${value} must be an integer`);
  return value;
}
