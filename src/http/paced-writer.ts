import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { connectionClosed } from './connection-closed.ts';

/**
 * Writes to one subscriber at that subscriber's pace: when its socket is full, only this subscriber
 * waits for `drain`. One that does not drain within `slowTimeoutMs` has fallen too far behind and is
 * cut off; it comes back with its last id and resumes. Says false once the connection is gone.
 * A promise only when there is something to wait for: this runs for every token of every subscriber.
 *   const written = writePaced(res, chunk, ms);
 *   if (written !== true && !(await written)) stop();
 */
export function writePaced(out: Writable, chunk: string, slowTimeoutMs: number): boolean | Promise<boolean> {
  if (out.destroyed || out.writableEnded) return false;
  if (out.write(chunk)) return true;
  return drained(out, slowTimeoutMs);
}

async function drained(res: Writable, slowTimeoutMs: number): Promise<boolean> {
  const done = new AbortController();
  const timer = setTimeout(() => done.abort(connectionClosed), slowTimeoutMs);
  try {
    return await Promise.race([once(res, 'drain', { signal: done.signal }).then(() => true), once(res, 'close', { signal: done.signal }).then(() => false)]);
  } catch {
    res.destroy();
    return false;
  } finally {
    clearTimeout(timer);
    done.abort(connectionClosed);
  }
}
