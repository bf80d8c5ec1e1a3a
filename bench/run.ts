/**
 * `npm run bench`: Hotline against a bare node:http relay, under the same load, on the same core.
 * See `npm run bench -- --help` and the README's Benchmark section.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopAllChildren } from './child-process.ts';
import { GatedProvider } from './gated-provider.ts';
import { startOtlpReceiver } from '../src/testing/otlp-receiver.ts';
import { measureIdle } from './idle-capacity.ts';
import type { LoadSpec } from './load-generator.ts';
import { canPin, pinSelf } from './machine.ts';
import { measureRun } from './measure-run.ts';
import { parseOptions, type BenchOptions } from './options.ts';
import { protocols } from './protocols/protocols.ts';
import { scratchDatabase } from './postgres-scratch.ts';
import { writeReport } from './report.ts';
import type { IdleResult, RunResult } from './run-result.ts';
import { startBaseline } from './targets/baseline.ts';
import { startHotline, type HotlineMode } from './targets/hotline.ts';
import type { Target, TargetOptions } from './targets/target.ts';

process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));
const serverCore = 0;
const generatorCore = 1;

export async function runBench(options: BenchOptions): Promise<{ runs: RunResult[]; idle: IdleResult[]; errors: string[] }> {
  mkdirSync(options.out, { recursive: true });
  const pinned = options.pin && pinSelf(generatorCore);
  const provider = await GatedProvider.start();
  const receiver = options.otlp ? await startOtlpReceiver() : undefined;
  const scratch = options.mode === 'scale-out' ? await scratchDatabase(options.databaseUrl!) : undefined;
  const mode: HotlineMode = scratch ? { kind: 'scale-out', databaseUrl: scratch.url, redisUrl: options.redisUrl! } : { kind: 'embedded' };
  const targetOptions: TargetOptions = {
    providerBaseUrl: provider.openaiBaseUrl,
    core: pinned ? serverCore : undefined,
    keepAliveMs: options.keepAliveMs,
    ...(options.hotlineDir ? { hotlineDir: options.hotlineDir } : {}),
    ...(receiver ? { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } } : {}),
  };
  const protocol = protocols[options.protocol];
  const start = (name: Target['name']) => () => (name === 'hotline' ? startHotline(mode, targetOptions, protocol) : startBaseline(targetOptions));
  const profileDir = options.profile ? join(options.out, 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log(
    `mode ${mode.kind}; ${pinned ? `servers pinned to core ${serverCore}, provider and load generator to core ${generatorCore}` : 'not pinned (no taskset or one core)'}`,
  );
  log(`Hotline's subscribers open ${protocol.title}${protocol.note ? `; ${protocol.note}` : ''}`);

  const runs: RunResult[] = [];
  const idle: IdleResult[] = [];
  const errors: string[] = [];
  const measure = async (name: Target['name'], spec: LoadSpec) => {
    const label = `${name}-${mode.kind}${name === 'hotline' && protocol.name !== 'json' ? `-${protocol.name}` : ''}-g${spec.replies}-s${spec.subscribers}${spec.reasoning ? `-reasoning${spec.reasoning}` : ''}${spec.drops ? `-drops${spec.drops}` : ''}`;
    try {
      const result = await measureRun(start(name), provider, spec, { label, ...(profileDir ? { profileDir } : {}) });
      runs.push(name === 'hotline' ? { ...result, protocol: protocol.name } : result);
      log(summaryLine(label, result));
    } catch (error) {
      errors.push(`${label}: ${String(error)}`);
      log(`${label} failed: ${String(error)}`);
    }
  };
  const spec = (replies: number, subscribers: number, drops: number): LoadSpec => ({
    replies,
    subscribers,
    tokens: options.tokens,
    reasoning: options.reasoning,
    rate: options.rate,
    drops,
    setupTimeoutMs: 60_000 + replies * subscribers * 20,
    streamTimeoutMs: ((options.reasoning + options.tokens) / options.rate) * 8_000 + 15_000,
  });

  try {
    for (const subscribers of options.subscribers) {
      for (const replies of options.sizes) {
        for (const name of options.targets) await measure(name, spec(replies, subscribers, 0));
      }
    }
    for (const replies of options.dropSizes) {
      for (const name of options.targets) await measure(name, spec(replies, options.subscribers[0]!, options.drops));
    }
    for (const connections of options.idle) {
      for (const name of options.targets) {
        try {
          const result = await measureIdle(start(name), provider, {
            connections,
            holdMs: options.idleHoldMs,
            keepAliveMs: options.keepAliveMs,
            core: pinned ? generatorCore : undefined,
          });
          idle.push(result);
          log(
            `idle ${name}: ${result.open}/${result.requested} open, ${result.heartbeating} heartbeating, ${(result.bytesPerConnection / 1024).toFixed(1)} KB per connection${result.note ? ` (${result.note})` : ''}`,
          );
        } catch (error) {
          errors.push(`idle ${name} ${connections}: ${String(error)}`);
          log(`idle ${name} failed: ${String(error)}`);
        }
      }
    }
  } finally {
    if (receiver) log(`traces: the OTLP receiver got ${receiver.spans.length} spans`);
    await receiver?.close();
    await provider.close();
    await scratch?.drop().catch(() => {});
  }
  const files = await writeReport({ options, mode: mode.kind, pinned, runs, idle, errors });
  log(`report: ${files.join(', ')}`);
  return { runs, idle, errors };
}

function summaryLine(label: string, r: RunResult): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  return (
    `${label}: relay p50 ${f(r.relayMs.p50)} p99 ${f(r.relayMs.p99)} max ${f(r.relayMs.max)} ms, TTFT+ p50 ${f(r.ttftAddedMs.p50)} ms, ` +
    `exact ${r.delivery.exactSubscribers}/${r.delivery.subscribers}, lost ${r.delivery.lost}, ${f(r.wire.bytesPerToken)} B/token, ` +
    `${f(r.server.cpuUsPerToken)} µs CPU/token${r.services ? ` (+ ${f(r.services.cpuUsPerToken)} in Redis and PostgreSQL)` : ''}, RSS ${f(r.server.rssPeakMb)} MB, ${f(r.db.writesPerReply)} writes/reply` +
    (r.generatorLoopDelayP99Ms > 20 ? ` [load generator lagging: p99 ${f(r.generatorLoopDelayP99Ms)} ms]` : '') +
    (r.foreignCpuCores > 0.1 ? ` [disturbed: other work took ${f(r.foreignCpuCores)} cores]` : '')
  );
}

const log = (line: string) => console.log(`[bench] ${line}`);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(String((error as Error).message));
    process.exit(2);
  }
  const abandon = (signal: string) => {
    log(`${signal}: stopping everything the bench started`);
    void stopAllChildren().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => abandon('SIGINT'));
  process.once('SIGTERM', () => abandon('SIGTERM'));
  runBench(options).then(
    () => process.exit(0),
    async (error: unknown) => {
      console.error(error);
      await stopAllChildren();
      process.exit(1);
    },
  );
}
