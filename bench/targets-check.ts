import type { IdleResult, RunResult } from './run-result.ts';

/** The largest G at which a relay's run was healthy, at S subscribers (0 when none was). */
export function capacityOf(runs: RunResult[], target: RunResult['target'], subscribers: number): number {
  return Math.max(0, ...runs.filter((r) => r.target === target && r.subscribers === subscribers && r.drops === 0 && r.healthy).map((r) => r.replies));
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined when this run did not measure it. */
  met: boolean | undefined;
}

const x = (n: number) => `${n.toFixed(2)}×`;

/** Issue 5's targets, each against what this run measured. */
export function evaluateTargets(runs: RunResult[], idle: IdleResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const steady = runs.filter((r) => r.drops === 0);
  const find = (target: RunResult['target'], g: number, s: number, drops = 0) =>
    runs.find((r) => r.target === target && r.replies === g && r.subscribers === s && r.drops === drops);

  for (const s of [...new Set(steady.map((r) => r.subscribers))]) {
    const h = capacityOf(steady, 'hotline', s);
    const b = capacityOf(steady, 'baseline', s);
    if (!steady.some((r) => r.target === 'baseline' && r.subscribers === s)) continue;
    checks.push({
      target: `Capacity at S = ${s}: ≥ 0.7× the baseline's`,
      measured: `Hotline ${h || 'none'}, baseline ${b || 'none'}${b ? ` (${x(h / b)})` : ''}`,
      met: b > 0 ? h / b >= 0.7 : undefined,
    });
  }
  for (const s of [...new Set(steady.map((r) => r.subscribers))]) {
    const h = find('hotline', 100, s);
    const b = find('baseline', 100, s);
    if (h && b) {
      const r = h.server.cpuUsPerToken / b.server.cpuUsPerToken;
      checks.push({
        target: `CPU per delivered token at G = 100, S = ${s}: ≤ 1.5× the baseline's`,
        measured: `${h.server.cpuUsPerToken.toFixed(1)} vs ${b.server.cpuUsPerToken.toFixed(1)} µs (${x(r)})`,
        met: r <= 1.5,
      });
    }
  }
  const ttft = find('hotline', 100, 1) ?? steady.find((r) => r.target === 'hotline');
  if (ttft)
    checks.push({
      target: 'TTFT added ≤ 5 ms at p50',
      measured: `${ttft.ttftAddedMs.p50.toFixed(1)} ms (G = ${ttft.replies}, S = ${ttft.subscribers})`,
      met: ttft.ttftAddedMs.p50 <= 5,
    });
  const idleHotline = idle.filter((r) => r.target === 'hotline').sort((a, b) => b.open - a.open)[0];
  if (idleHotline) {
    const kb = idleHotline.bytesPerConnection / 1024;
    checks.push({
      target: '≤ 30 KB of server memory per idle subscriber at 20,000',
      measured: `${kb.toFixed(1)} KB at ${idleHotline.open} streams`,
      met: idleHotline.open >= 19_000 ? kb <= 30 : undefined,
    });
  }
  const wire = steady
    .filter((r) => r.target === 'hotline')
    .map((h) => [h, find('baseline', h.replies, h.subscribers)] as const)
    .filter(([, b]) => b);
  if (wire.length > 0) {
    const worst = Math.max(...wire.map(([h, b]) => h.wire.bytesPerToken / b!.wire.bytesPerToken));
    checks.push({
      target: 'Bytes per token ≤ 1.3× the baseline’s',
      measured: `up to ${x(worst)} (${wire[0]![0].wire.bytesPerToken.toFixed(1)} vs ${wire[0]![1]!.wire.bytesPerToken.toFixed(1)} B at G = ${wire[0]![0].replies})`,
      met: worst <= 1.3,
    });
  }
  const drops = runs
    .filter((r) => r.target === 'hotline' && r.drops > 0)
    .map((d) => [d, find('hotline', d.replies, d.subscribers)] as const)
    .filter(([, n]) => n);
  if (drops.length > 0) {
    const worst = Math.max(...drops.map(([d, n]) => d.wire.bytesPerToken / n!.wire.bytesPerToken));
    const exact = drops.every(([d]) => d.delivery.exactSubscribers === d.delivery.subscribers);
    checks.push({
      target: 'With 3 drops and resumes per reply: bytes per token ≤ 1.1× the same run without, texts exact',
      measured: `up to ${x(worst)}, ${exact ? 'every text exact' : 'some texts not exact'}`,
      met: worst <= 1.1 && exact,
    });
  }
  return checks;
}
