import { BenchChild } from './child-process.ts';
import type { GatedProvider } from './gated-provider.ts';
import { openFileLimit, rssOf } from './machine.ts';
import { inPool, sleep } from './pool.ts';
import type { IdleResult } from './run-result.ts';
import type { Endpoint } from './endpoint.ts';
import type { Target } from './targets/target.ts';

export interface IdleSpec {
  connections: number;
  /** How long the open streams are held: long enough for every one to get a heartbeat. */
  holdMs: number;
  keepAliveMs: number;
  /** The core of the client processes. */
  core: number | undefined;
}

const repliesHeld = 100;
const perClientProcess = 9_000;

/**
 * Idle capacity: N event streams open at once on replies that are streaming but silent (the provider
 * holds them at the gate), so only heartbeats flow. Memory per connection is the server's RSS growth
 * divided by the streams open. A process may open only so many files; N is capped below that limit.
 */
export async function measureIdle(startTarget: () => Promise<Target>, provider: GatedProvider, spec: IdleSpec): Promise<IdleResult> {
  const limit = openFileLimit();
  const cap = Math.max(1, limit - 300 - repliesHeld);
  const requested = spec.connections;
  const connections = Math.min(requested, cap);
  const note = connections < requested ? `capped at ${connections}: a process may open ${limit} files here (ulimit -n)` : undefined;
  const replies = Math.min(repliesHeld, connections);
  const models = Array.from({ length: replies }, (_, i) => `idle-${process.pid}-${Date.now()}-${i}?tokens=1&rate=1`);
  for (const model of models) provider.expect(model, 1);

  const target = await startTarget();
  const clients: BenchChild[] = [];
  try {
    provider.resetArrivals();
    await target.prepare(models);
    const replyIds: string[] = [];
    await inPool(models, 16, async (_model, i) => {
      replyIds[i] = await target.startReply(i);
    });
    await provider.whenArrived(replies, 60_000);
    const pids = target.processes.map((p) => p.pid);
    const rss = () => pids.reduce((sum, pid) => sum + rssOf(pid), 0);
    await sleep(500);
    const rssBefore = rss();

    const endpoints: Endpoint[] = Array.from({ length: connections }, (_, i) => target.endpoint(replyIds[i % replies]!, i));
    const openedAt = Date.now();
    const shares = Math.ceil(connections / perClientProcess);
    for (let i = 0; i < shares; i++) clients.push(new BenchChild(`idle-clients-${i + 1}`, ['bench/idle-clients.ts'], {}, spec.core));
    await Promise.all(clients.map((c) => c.waitFor(/idle clients ready/)));
    await inPool(clients, clients.length, (client, i) =>
      client.ask({ command: 'open', endpoints: endpoints.slice(i * perClientProcess, (i + 1) * perClientProcess) }, 10 * 60_000),
    );
    const openingMs = Date.now() - openedAt;
    await sleep(Math.max(spec.holdMs, 2 * spec.keepAliveMs + 200));
    const rssOpen = rss();
    const reports = await Promise.all(
      clients.map((c) => c.ask<{ open: number; failed: number; heartbeating: number; errors: string[] }>({ command: 'report' })),
    );
    const open = reports.reduce((sum, r) => sum + r.open, 0);
    const errors = [...new Set(reports.flatMap((r) => r.errors))];
    const notes = [note, errors.length > 0 ? `errors: ${errors.join('; ')}` : undefined].filter(Boolean);
    return {
      target: target.name,
      mode: target.mode,
      requested,
      open,
      failed: reports.reduce((sum, r) => sum + r.failed, 0),
      heartbeating: reports.reduce((sum, r) => sum + r.heartbeating, 0),
      rssBeforeMb: rssBefore / 2 ** 20,
      rssOpenMb: rssOpen / 2 ** 20,
      bytesPerConnection: open > 0 ? (rssOpen - rssBefore) / open : Number.NaN,
      openingMs,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    };
  } finally {
    await Promise.all(
      clients.map((c) =>
        c
          .ask({ command: 'close' }, 10_000)
          .catch(() => undefined)
          .then(() => c.stop()),
      ),
    );
    provider.forget(models);
    await target.stop();
  }
}
