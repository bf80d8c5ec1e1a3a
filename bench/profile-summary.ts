/**
 * Reads a V8 .cpuprofile and says where the time went: self time per function, and total (inclusive)
 * time per source file or package, so a cost can be traced to the code that asks for it.
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [--top 30]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CostLine {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  selfByFunction: CostLine[];
  totalByPlace: CostLine[];
}

/** `node_modules/@ai-sdk/openai/...` → `@ai-sdk/openai`; `/src/streams/x.ts` → `src/streams/x.ts`; node internals by module. */
export function placeOf(url: string): string {
  if (!url) return '(native / V8)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const src = url.search(/\/(src|bench)\//);
  return src !== -1 ? url.slice(src + 1) : url;
}

export function summarise(profile: Profile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    totalUs += us;
    const fn = node.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)') idleUs += us;
    const key = `${fn} ${placeOf(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive per place: each place on the stack counted once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!frame.url) continue;
      const place = placeOf(frame.url);
      if (seen.has(place)) continue;
      seen.add(place);
      total.set(place, (total.get(place) ?? 0) + us);
    }
  }
  const busyUs = totalUs - idleUs;
  const lines = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  self.delete('(idle) (native / V8)');
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, selfByFunction: lines(self), totalByPlace: lines(total) };
}

export function formatSummary(summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`.padStart(6);
  return [
    `profiled ${summary.totalMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms (shares below are of the busy time)`,
    '',
    'self time by function:',
    ...summary.selfByFunction.map((l) => `  ${pct(l.share)}  ${l.ms.toFixed(0).padStart(6)} ms  ${l.name}`),
    '',
    'total time by file or package (inclusive):',
    ...summary.totalByPlace.map((l) => `  ${pct(l.share)}  ${l.ms.toFixed(0).padStart(6)} ms  ${l.name}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [--top N]');
    process.exit(2);
  }
  const topAt = process.argv.indexOf('--top');
  const top = topAt === -1 ? 25 : Number(process.argv[topAt + 1]);
  console.log(formatSummary(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, top)));
}
