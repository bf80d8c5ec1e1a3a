import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { protocolNames, type ProtocolName } from './protocols/bench-protocol.ts';
import { protocols } from './protocols/protocols.ts';

export interface BenchOptions {
  mode: 'embedded' | 'scale-out';
  sizes: number[];
  subscribers: number[];
  tokens: number;
  /** Reasoning tokens each reply streams before its text (the fake provider's `reasoning=`). */
  reasoning: number;
  rate: number;
  targets: Array<'hotline' | 'baseline'>;
  /** How Hotline's subscribers follow the replies; the baseline is the same whatever it is. */
  protocol: ProtocolName;
  /** Sizes at which the drop-and-resume runs are made (at the first subscriber count). */
  dropSizes: number[];
  drops: number;
  /** Idle capacity: numbers of open event streams (capped by the open-file limit). */
  idle: number[];
  idleHoldMs: number;
  keepAliveMs: number;
  out: string;
  chart: boolean;
  profile: boolean;
  /** Pin the servers and the load generator to separate cores (needs taskset and two cores). */
  pin: boolean;
  hotlineDir: string | undefined;
  /** Hotline exports its traces to an OTLP receiver the bench runs (on the load generator's core). */
  otlp: boolean;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
}

const usage = `npm run bench -- [options]
  --mode embedded|scale-out   default: scale-out when REDIS_URL and DATABASE_URL (postgres) are set, else embedded
  --sizes 10,100,300,1000     G: replies streaming at once
  --subscribers 1,3           S: subscribers per reply
  --tokens 300 --rate 50      reply length and tokens per second
  --reasoning 0               reasoning tokens each reply streams before its text, at the same rate (CPU and bytes
                              per token stay per text token: a subscriber's latency is measured on the text)
  --targets hotline,baseline  what to measure
  --protocol json             how Hotline's subscribers follow the replies: json (the JSON event stream), ai-sdk
                              (useChat's stream), openai-chat (streaming Chat Completions, one subscriber each),
                              openai-responses (a response's stream), durable-streams (a Durable Stream, live over
                              SSE); the baseline is the same for all
  --drop-sizes 10,100,300     G of the drop-and-resume runs (none: --drop-sizes 0)
  --drops 3                   drops per subscriber and reply in those runs
  --idle 20000                idle capacity: open event streams, heartbeats only (none: --idle 0)
  --idle-hold-ms 12000        how long the idle streams are held (at least one heartbeat)
  --keepalive-ms 5000         heartbeat interval of the servers under test
  --out bench/results         where the report, results.json and chart.png go
  --no-chart                  skip the PNG
  --no-pin                    do not pin processes to cores (figures are then indicative only)
  --profile                   CPU-profile the servers during each streaming window (into <out>/profiles)
  --hotline-dir <path>        run Hotline from another checkout (with its node_modules), e.g. to measure a change
  --otlp                      tracing on: Hotline exports its traces (OTEL_EXPORTER_OTLP_ENDPOINT) to an OTLP receiver the bench runs
  --quick                     --sizes 10,100 --subscribers 1 --drop-sizes 10 --idle 1000`;

const list = (value: string | undefined, fallback: number[]) =>
  value === undefined
    ? fallback
    : value
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      mode: { type: 'string' },
      sizes: { type: 'string' },
      subscribers: { type: 'string' },
      tokens: { type: 'string' },
      rate: { type: 'string' },
      reasoning: { type: 'string' },
      targets: { type: 'string' },
      protocol: { type: 'string' },
      'drop-sizes': { type: 'string' },
      drops: { type: 'string' },
      idle: { type: 'string' },
      'idle-hold-ms': { type: 'string' },
      'keepalive-ms': { type: 'string' },
      out: { type: 'string' },
      'no-chart': { type: 'boolean' },
      'no-pin': { type: 'boolean' },
      profile: { type: 'boolean' },
      'hotline-dir': { type: 'string' },
      otlp: { type: 'boolean' },
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick === true;
  const databaseUrl = env['DATABASE_URL'] || undefined;
  const redisUrl = env['REDIS_URL'] || undefined;
  const scaleOutAvailable = Boolean(redisUrl && databaseUrl?.startsWith('postgres'));
  const mode = (values.mode ?? (scaleOutAvailable ? 'scale-out' : 'embedded')) as BenchOptions['mode'];
  if (mode !== 'embedded' && mode !== 'scale-out') throw new Error(`--mode must be embedded or scale-out\n${usage}`);
  if (mode === 'scale-out' && !scaleOutAvailable) {
    throw new Error('--mode scale-out needs REDIS_URL=redis://… and DATABASE_URL=postgres://… (a scratch database is created on that server)');
  }
  const sizes = list(values.sizes, quick ? [10, 100] : [10, 100, 300, 1000]);
  const targets = (values.targets?.split(',') ?? ['hotline', 'baseline']) as BenchOptions['targets'];
  if (targets.some((t) => t !== 'hotline' && t !== 'baseline')) throw new Error(`--targets: hotline and/or baseline\n${usage}`);
  const protocol = (values.protocol ?? 'json') as ProtocolName;
  if (!protocolNames.includes(protocol)) throw new Error(`--protocol: one of ${protocolNames.join(', ')}\n${usage}`);
  let subscribers = list(values.subscribers, quick ? [1] : [1, 3]);
  let dropSizes = list(values['drop-sizes'], quick ? [10] : sizes.filter((g) => g <= 300));
  let idle = list(values.idle, quick ? [1000] : [20_000]);
  if (protocols[protocol].startsTheReply) {
    const asked = [
      values.subscribers !== undefined && subscribers.some((s) => s !== 1),
      dropSizes.length > 0 && values['drop-sizes'] !== undefined,
      idle.length > 0 && values.idle !== undefined,
    ];
    if (asked.some(Boolean)) throw new Error(`--protocol ${protocol}: ${protocols[protocol].note}\n${usage}`);
    [subscribers, dropSizes, idle] = [[1], [], []];
  }
  return {
    mode,
    sizes,
    subscribers,
    tokens: Number(values.tokens ?? 300),
    reasoning: Number(values.reasoning ?? 0),
    rate: Number(values.rate ?? 50),
    targets,
    protocol,
    dropSizes,
    drops: Number(values.drops ?? 3),
    idle,
    idleHoldMs: Number(values['idle-hold-ms'] ?? 12_000),
    keepAliveMs: Number(values['keepalive-ms'] ?? 5_000),
    out: values.out ?? 'bench/results',
    chart: values['no-chart'] !== true,
    profile: values.profile === true,
    pin: values['no-pin'] !== true,
    hotlineDir: values['hotline-dir'] === undefined ? undefined : resolve(values['hotline-dir']),
    otlp: values.otlp === true,
    databaseUrl,
    redisUrl,
  };
}
