import { cpuMsOf, machineBusyMs, sampleRss } from './machine.ts';
import type { GatedProvider } from './gated-provider.ts';
import { generateLoad, type LoadSpec } from './load-generator.ts';
import { healthyP99Ms, type RunResult } from './run-result.ts';
import type { Target } from './targets/target.ts';

const noHooks = { repliesStarting: async () => {}, streamStarting: async () => {}, streamEnded: async () => {} };

/**
 * A fresh process compiles and optimises its code on its first replies (the first reply's tokens take
 * ~100 ms more): a short load first, so the run measures a warm server, as production runs one.
 */
async function warmUp(target: Target, provider: GatedProvider, spec: LoadSpec): Promise<void> {
  const warm = { ...spec, replies: Math.min(spec.replies, 50), subscribers: 1, tokens: 100, rate: 500, drops: 0 };
  await generateLoad(target, provider, warm, noHooks);
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * Starts a fresh target, drives one load through it, and adds the server-side figures of the streaming
 * window: CPU time and peak memory of its processes (from /proc), database writes (from the probe), and
 * optionally a CPU profile of that window. Stops everything it started, whatever happens.
 */
export async function measureRun(
  startTarget: () => Promise<Target>,
  provider: GatedProvider,
  spec: LoadSpec,
  options: { profileDir?: string; label: string },
): Promise<RunResult> {
  const target = await startTarget();
  try {
    await warmUp(target, provider, spec);
    const pids = target.processes.map((p) => p.pid);
    const cpu = () => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    let writesBefore = 0;
    let cpuBefore = 0;
    let rss: ReturnType<typeof sampleRss> | undefined;
    let rssStart = 0;
    let rssPeak = 0;
    let writes = 0;
    let cpuMs = 0;
    let machineBefore = 0;
    let benchBefore = 0;
    let foreignMs = 0;
    let services: number[] = [];
    let servicesBefore = 0;
    let servicesMs = 0;
    const servicesCpu = () => services.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    const profiles = options.profileDir ? target.processes.map((p) => `${options.profileDir}/${options.label}-${p.name}.cpuprofile`) : [];
    const outcome = await generateLoad(target, provider, spec, {
      async repliesStarting() {
        writesBefore = await target.dbWrites();
      },
      async streamStarting() {
        if (options.profileDir) await Promise.all(target.processes.map((p) => p.ask({ command: 'profile-start' })));
        services = (await target.servicePids?.()) ?? [];
        rss = sampleRss(pids);
        servicesBefore = servicesCpu();
        cpuBefore = cpu();
        machineBefore = machineBusyMs();
        benchBefore = cpuMsOf(process.pid);
      },
      async streamEnded() {
        cpuMs = cpu() - cpuBefore;
        servicesMs = servicesCpu() - servicesBefore;
        foreignMs = machineBusyMs() - machineBefore - cpuMs - servicesMs - (cpuMsOf(process.pid) - benchBefore);
        const sampled = rss!.stop();
        rssStart = sampled.first;
        rssPeak = sampled.peak;
        writes = (await target.dbWrites()) - writesBefore;
        await Promise.all(target.processes.map((p, i) => (profiles[i] ? p.ask({ command: 'profile-stop', path: profiles[i] }, 120_000) : undefined)));
      },
    });
    const delivered = outcome.deliveredTokens;
    const clean = outcome.lost + outcome.duplicated + outcome.outOfOrder + outcome.corrupt === 0;
    return {
      target: target.name,
      mode: target.mode,
      replies: spec.replies,
      subscribers: spec.subscribers,
      tokens: spec.tokens,
      rate: spec.rate,
      drops: spec.drops,
      ttftAddedMs: outcome.ttftAdded,
      relayMs: outcome.relay,
      delivery: {
        expectedTokens: outcome.expectedTokens,
        deliveredTokens: delivered,
        lost: outcome.lost,
        duplicated: outcome.duplicated,
        outOfOrder: outcome.outOfOrder,
        corrupt: outcome.corrupt,
        subscribers: outcome.subscribers,
        exactSubscribers: outcome.exactSubscribers,
        unexpectedReconnects: outcome.unexpectedReconnects,
      },
      wire: { bytes: outcome.wireBytes, bytesPerToken: delivered > 0 ? outcome.wireBytes / delivered : Number.NaN },
      server: {
        processes: pids.length,
        cpuMs,
        cpuUsPerToken: delivered > 0 ? (cpuMs * 1000) / delivered : Number.NaN,
        cpuShare: outcome.streamMs > 0 ? cpuMs / outcome.streamMs : Number.NaN,
        rssStartMb: mb(rssStart),
        rssPeakMb: mb(rssPeak),
      },
      ...(services.length > 0
        ? { services: { processes: services.length, cpuMs: servicesMs, cpuUsPerToken: delivered > 0 ? (servicesMs * 1000) / delivered : Number.NaN } }
        : {}),
      db: { writes, writesPerReply: writes / spec.replies },
      throughputTokensPerS: outcome.streamMs > 0 ? (delivered * 1000) / outcome.streamMs : Number.NaN,
      streamMs: outcome.streamMs,
      generatorLoopDelayP99Ms: outcome.generatorLoopDelayP99Ms,
      foreignCpuCores: outcome.streamMs > 0 ? Math.max(0, foreignMs) / outcome.streamMs : 0,
      timedOut: outcome.timedOut,
      healthy: clean && outcome.exactSubscribers === outcome.subscribers && !outcome.timedOut && outcome.relay.p99 <= healthyP99Ms,
      failures: outcome.failures,
      ...(profiles.length > 0 ? { profile: profiles.join(', ') } : {}),
    };
  } finally {
    await target.stop();
  }
}
