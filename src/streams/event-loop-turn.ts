import { performance } from 'node:perf_hooks';

/**
 * Whether the current turn of the event loop has run long: the server is falling behind, and many
 * tokens reach it at once. The first question asked in a turn starts its clock, and a check-phase
 * callback (`setImmediate`, which runs once the turn's I/O callbacks are done) ends it. A subscriber
 * asked in a long turn waits for that end and gets everything it is owed by then in one write, instead
 * of one write per token: the busier the server, the more each write carries.
 */
const longTurnMs = 10;

let startedAt: number | undefined;
const atEnd: Array<() => void> = [];

function endTurn(): void {
  startedAt = undefined;
  for (const callback of atEnd.splice(0)) callback();
}

export function turnRunsLong(): boolean {
  const now = performance.now();
  if (startedAt === undefined) {
    startedAt = now;
    setImmediate(endTurn);
    return false;
  }
  return now - startedAt > longTurnMs;
}

/** Runs `callback` when the current turn ends; only after `turnRunsLong` was asked in this turn. */
export function atEndOfTurn(callback: () => void): void {
  atEnd.push(callback);
}
