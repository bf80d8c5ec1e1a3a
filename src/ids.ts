import { randomBytes } from 'node:crypto';

export type IdGenerator = () => string;

/**
 * Ids that sort by creation time (a user message sorts before the reply created in the same millisecond)
 * and are unguessable enough not to invite enumeration: 9 base-36 time digits, then 12 random characters.
 */
export function createIdGenerator(now: () => number = Date.now): IdGenerator {
  let last = 0;
  return () => {
    // Strictly increasing within a process, even when the clock stands still or steps back.
    last = Math.max(last + 1, now());
    return last.toString(36).padStart(9, '0') + randomBytes(9).toString('base64url');
  };
}
