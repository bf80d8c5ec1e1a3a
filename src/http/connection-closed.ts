/**
 * What a stream's AbortController aborts with when its connection ends. A reason of our own, made once:
 * `abort()` without one builds a DOMException, stack trace and all, for every stream that ends, which
 * at a reply's end (every subscriber's stream closing at once) cost more than writing its last frames.
 */
export const connectionClosed: Error = new Error('The connection closed');
