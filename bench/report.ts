import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeChart } from './chart.ts';
import type { BenchOptions } from './options.ts';
import type { BenchProtocol, ProtocolName } from './protocols/bench-protocol.ts';
import { protocols } from './protocols/protocols.ts';
import { healthyP99Ms, type IdleResult, type RunResult } from './run-result.ts';
import { capacityOf, evaluateTargets } from './targets-check.ts';

export interface BenchReport {
  options: BenchOptions;
  mode: 'embedded' | 'scale-out';
  pinned: boolean;
  runs: RunResult[];
  idle: IdleResult[];
  /** Runs that could not be made, and why. */
  errors: string[];
}

/** Reports written before `--protocol` were all of the JSON stream. */
const protocolOf = (options: BenchOptions): ProtocolName => options.protocol ?? 'json';

const protocolLine = (protocol: BenchProtocol) => `${protocol.title}${protocol.note ? ` (${protocol.note})` : ''}`;

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

type Meta = { date: string; node: string; cpu: string; cores: number; commit: string };

/** results.json (everything), report.md (the tables) and the chart, under `options.out`. */
export async function writeReport(report: BenchReport, existingMeta?: Meta): Promise<string[]> {
  const { out } = report.options;
  const meta = existingMeta ?? {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    commit: commitOf(report.options.hotlineDir),
  };
  const jsonPath = join(out, 'results.json');
  writeFileSync(jsonPath, JSON.stringify({ meta, ...report, targets: evaluateTargets(report.runs, report.idle) }, null, 2) + '\n');
  const mdPath = join(out, 'report.md');
  writeFileSync(mdPath, markdown(report, meta));
  const files = [jsonPath, mdPath];
  if (report.options.chart && report.runs.some((r) => r.drops === 0)) {
    files.push(
      ...(await writeChart(
        report.runs,
        `Hotline (${report.mode}${protocolOf(report.options) === 'json' ? '' : `, ${protocolOf(report.options)}`}) vs a bare node:http relay, ${report.options.tokens}-token replies at ${report.options.rate} tok/s, one core each`,
        join(out, 'chart'),
      )),
    );
  }
  return files;
}

export function markdown(report: BenchReport, meta: Meta): string {
  const { options, runs, idle } = report;
  const lines: string[] = [
    `# Hotline benchmark`,
    '',
    `${meta.date.slice(0, 16).replace('T', ' ')} UTC · Hotline ${meta.commit} · ${report.mode} mode · Node ${meta.node} · ${meta.cores} × ${meta.cpu}`,
    '',
    report.pinned
      ? `The servers (Hotline, and the bare \`node:http\` relay as the baseline) each ran alone on core 0; the fake provider and the load generator on core 1. `
      : `Not pinned to cores (no taskset, or one core): figures are indicative only. `,
    ...(options.otlp ? ['Tracing on: Hotline exported its traces by OTLP/HTTP to a receiver on the load generator’s core. '] : []),
    `Hotline's subscribers opened ${protocolLine(protocols[protocolOf(options)])}; the baseline's, its own event stream. `,
    `${options.tokens}-token replies${options.reasoning ? ` after ${options.reasoning} reasoning tokens` : ''} at ${options.rate} tokens/s; G replies at once, S subscribers each. Relay latency: from the provider writing a token to a subscriber receiving it, for every token of every subscriber. TTFT added: the same for the first token. Bytes: everything the subscribers received (headers and chunk framing included) per delivered token. CPU and RSS: the server processes during the streaming window.`,
    '',
  ];

  const steady = runs.filter((r) => r.drops === 0);
  if (steady.length > 0) {
    lines.push('## Relay under load', '');
    lines.push(
      '| G | S | relay | TTFT added p50 | relay p50 | p95 | p99 | max (ms) | lost / dup / reordered | exact texts | bytes/token | CPU µs/token | CPU busy | RSS peak MB | DB writes/reply | tokens/s |',
    );
    lines.push('|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');
    const keys = [...new Set(steady.map((r) => `${r.subscribers}:${r.replies}`))];
    for (const key of keys) {
      const [s, g] = key.split(':').map(Number);
      const hotline = steady.find((r) => r.target === 'hotline' && r.replies === g && r.subscribers === s);
      const baseline = steady.find((r) => r.target === 'baseline' && r.replies === g && r.subscribers === s);
      for (const r of [hotline, baseline]) if (r) lines.push(row(r));
      if (hotline && baseline) lines.push(ratioRow(hotline, baseline));
    }
    lines.push(
      '',
      `A run is healthy when nothing is lost, duplicated or reordered, every subscriber assembles the exact text, and relay p99 ≤ ${healthyP99Ms} ms (✓ after the relay's name).`,
    );
    const lagging = steady.filter((r) => r.generatorLoopDelayP99Ms > 20);
    if (lagging.length > 0) {
      lines.push(
        `The load generator itself lagged (event-loop delay p99 > 20 ms) in: ${lagging.map((r) => `${r.target} G=${r.replies} S=${r.subscribers} (${fixed(r.generatorLoopDelayP99Ms)} ms)`).join(', ')}; there the latency includes the generator's own delay.`,
      );
    }
    const disturbed = runs.filter((r) => r.foreignCpuCores > 0.1);
    if (disturbed.length > 0) {
      lines.push(
        `Other work on the machine took CPU during: ${disturbed.map((r) => `${r.target} G=${r.replies} S=${r.subscribers}${r.drops ? ' drops' : ''} (${fixed(r.foreignCpuCores, 2)} cores)`).join(', ')}; rerun those for clean figures.${report.mode === 'scale-out' ? ' (In scale-out mode this includes Redis and PostgreSQL, which the bench does not pin.)' : ''}`,
      );
    }
    lines.push('', '## Capacity', '', '| S | Hotline: largest healthy G | baseline | ratio |', '|---:|---:|---:|---:|');
    for (const s of [...new Set(steady.map((r) => r.subscribers))]) {
      const h = capacityOf(steady, 'hotline', s);
      const b = capacityOf(steady, 'baseline', s);
      lines.push(`| ${s} | ${h || 'none'} | ${b || 'none'} | ${b > 0 ? `${(h / b).toFixed(2)}×` : '–'} |`);
    }
    lines.push('');
  }

  const dropped = runs.filter((r) => r.drops > 0);
  if (dropped.length > 0) {
    lines.push(
      '## Drop and resume',
      '',
      `Each subscriber drops its connection ${dropped[0]!.drops} times per reply at random points and resumes with its last id.`,
      '',
    );
    lines.push(
      '| G | S | relay | exact texts | lost / dup / reordered | bytes/token with drops | without | ratio |',
      '|---:|---:|---|---:|---|---:|---:|---:|',
    );
    for (const r of dropped) {
      const same = steady.find((x) => x.target === r.target && x.replies === r.replies && x.subscribers === r.subscribers);
      lines.push(
        `| ${r.replies} | ${r.subscribers} | ${name(r)} | ${r.delivery.exactSubscribers}/${r.delivery.subscribers} | ${r.delivery.lost} / ${r.delivery.duplicated} / ${r.delivery.outOfOrder + r.delivery.corrupt} | ${fixed(r.wire.bytesPerToken)} | ${same ? fixed(same.wire.bytesPerToken) : '–'} | ${same ? ratio(r.wire.bytesPerToken, same.wire.bytesPerToken) : '–'} |`,
      );
    }
    lines.push('');
  }

  if (idle.length > 0) {
    lines.push('## Idle capacity', '', 'Event streams open on replies that are streaming but silent: only heartbeats flow.', '');
    lines.push('| relay | streams open | heartbeating | RSS before MB | RSS open MB | KB per stream | note |', '|---|---:|---:|---:|---:|---:|---|');
    for (const r of idle) {
      lines.push(
        `| ${r.target === 'hotline' ? `Hotline (${r.mode})` : 'baseline'} | ${r.open} of ${r.requested} | ${r.heartbeating} | ${fixed(r.rssBeforeMb)} | ${fixed(r.rssOpenMb)} | ${fixed(r.bytesPerConnection / 1024)} | ${r.note ?? ''} |`,
      );
    }
    lines.push('');
  }

  const checks = evaluateTargets(runs, idle);
  if (checks.length > 0) {
    lines.push('## Against the targets (issue 5)', '', '| target | measured | met |', '|---|---|:---:|');
    for (const c of checks) lines.push(`| ${c.target} | ${c.measured} | ${c.met === undefined ? 'n/a' : c.met ? 'yes' : 'no'} |`);
    lines.push('');
  }
  if (report.errors.length > 0) lines.push('## Runs that failed', '', ...report.errors.map((e) => `- ${e.split('\n')[0]}`), '');
  lines.push(`Reproduce: \`npm run bench -- ${reproduceFlags(options)}\``, '');
  return lines.join('\n');
}

const name = (r: RunResult) =>
  r.target === 'hotline'
    ? `Hotline${r.protocol && r.protocol !== 'json' ? ` ${r.protocol}` : ''}${r.mode === 'scale-out' ? ' (2 web + 1 worker)' : ''}`
    : 'baseline';

function row(r: RunResult): string {
  const d = r.delivery;
  return `| ${r.replies} | ${r.subscribers} | ${name(r)}${r.healthy ? ' ✓' : ''} | ${fixed(r.ttftAddedMs.p50)} | ${fixed(r.relayMs.p50)} | ${fixed(r.relayMs.p95)} | ${fixed(r.relayMs.p99)} | ${fixed(r.relayMs.max, 0)} | ${d.lost} / ${d.duplicated} / ${d.outOfOrder + d.corrupt} | ${d.exactSubscribers}/${d.subscribers} | ${fixed(r.wire.bytesPerToken)} | ${fixed(r.server.cpuUsPerToken)} | ${fixed(r.server.cpuShare * 100, 0)}% | ${fixed(r.server.rssPeakMb, 0)} | ${fixed(r.db.writesPerReply)} | ${fixed(r.throughputTokensPerS, 0)} |`;
}

function ratioRow(h: RunResult, b: RunResult): string {
  return `| | | *Hotline ÷ baseline* | ${ratio(h.ttftAddedMs.p50, b.ttftAddedMs.p50)} | ${ratio(h.relayMs.p50, b.relayMs.p50)} | ${ratio(h.relayMs.p95, b.relayMs.p95)} | ${ratio(h.relayMs.p99, b.relayMs.p99)} | ${ratio(h.relayMs.max, b.relayMs.max)} | | | ${ratio(h.wire.bytesPerToken, b.wire.bytesPerToken)} | ${ratio(h.server.cpuUsPerToken, b.server.cpuUsPerToken)} | | ${ratio(h.server.rssPeakMb, b.server.rssPeakMb)} | | ${ratio(h.throughputTokensPerS, b.throughputTokensPerS)} |`;
}

function reproduceFlags(o: BenchOptions): string {
  return [
    o.mode === 'scale-out' ? '--mode scale-out' : '',
    protocolOf(o) !== 'json' ? `--protocol ${protocolOf(o)}` : '',
    `--sizes ${o.sizes.join(',')}`,
    `--subscribers ${o.subscribers.join(',')}`,
    o.tokens !== 300 ? `--tokens ${o.tokens}` : '',
    o.reasoning ? `--reasoning ${o.reasoning}` : '',
    o.rate !== 50 ? `--rate ${o.rate}` : '',
    `--drop-sizes ${o.dropSizes.join(',') || '0'}`,
    `--idle ${o.idle.join(',') || '0'}`,
    o.otlp ? '--otlp' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function commitOf(dir: string | undefined): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: dir ?? process.cwd(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dir ? `${commit} (from ${dir})` : commit;
  } catch {
    return dir ? `from ${dir}` : 'unknown';
  }
}

// Renders report.md and the chart again from a results.json (e.g. after changing the report's layout):
//   node --import tsx bench/report.ts bench/results/results.json
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = process.argv[2] ?? 'bench/results/results.json';
  const { meta, targets: _targets, ...report } = JSON.parse(readFileSync(path, 'utf8')) as BenchReport & { meta: Meta; targets: unknown };
  report.errors ??= [];
  const files = await writeReport({ ...report, options: { ...report.options, out: dirname(path) } }, meta);
  console.log(files.join('\n'));
}
