import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Writes to one subscriber at that subscriber's pace: when its socket is full, only this subscriber
 * waits for `drain`. One that does not drain within `slowTimeoutMs` has fallen too far behind and is
 * cut off; it comes back with its last id and resumes. Returns false once the connection is gone.
 */
export async function writePaced(res: ServerResponse, chunk: string, slowTimeoutMs: number): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  const done = new AbortController();
  const timer = setTimeout(() => done.abort(), slowTimeoutMs);
  try {
    return await Promise.race([
      once(res, 'drain', { signal: done.signal }).then(() => true),
      once(res, 'close', { signal: done.signal }).then(() => false),
    ]);
  } catch {
    res.destroy();
    return false;
  } finally {
    clearTimeout(timer);
    done.abort();
  }
}
