/**
 * The protocol's `Stream-Cursor`: the number of 20-second intervals since its epoch (2024-10-09 UTC), so
 * that a CDN collapsing long polls keys them by time and never serves one cached answer for ever. A
 * client that echoes a cursor at or past the current interval gets a later one (a jitter of up to an
 * hour), so cursors only move forward.
 */
const epochMs = Date.UTC(2024, 9, 9);
const intervalMs = 20_000;
const maxJitterIntervals = 3_600_000 / intervalMs;

export function streamCursor(nowMs: number, echoed: string | undefined): string {
  const current = Math.floor((nowMs - epochMs) / intervalMs);
  const given = echoed !== undefined && /^\d{1,15}$/.test(echoed) ? Number(echoed) : undefined;
  if (given === undefined || given < current) return String(current);
  return String(given + 1 + Math.floor(Math.random() * maxJitterIntervals));
}
