/**
 * The `id` of a delta or reasoning event on the wire: the reply's length (in positions: reply-parts.ts)
 * up to and including that event, tagged with a short hash of the message id. A position (not a log offset) lets a resume be answered from the
 * live log or, once the log has expired, from the stored content, with the same arithmetic. The tag makes
 * an id from another message answer 400 instead of silently resuming at a wrong place.
 */

export function resumeId(messageId: string, position: number): string {
  return `${tagOf(messageId)}-${position.toString(36)}`;
}

/** The position a client has seen; undefined when the id is not one of this message's. */
export function parseResumeId(messageId: string, id: string): number | undefined {
  const match = /^([0-9a-z]{4})-([0-9a-z]{1,11})$/.exec(id);
  if (!match || match[1] !== tagOf(messageId)) return undefined;
  return parseInt(match[2]!, 36);
}

const tags = new Map<string, string>();

/** A short hash of the message id: ids and offsets that carry it answer 400 on another message. */
export function tagOf(messageId: string): string {
  let tag = tags.get(messageId);
  if (tag === undefined) {
    // FNV-1a, 32 bits: cheap, and 4 base-36 digits tell ~1.7 million messages apart.
    let hash = 0x811c9dc5;
    for (let i = 0; i < messageId.length; i++) hash = Math.imul(hash ^ messageId.charCodeAt(i), 0x01000193);
    tag = ((hash >>> 0) % 36 ** 4).toString(36).padStart(4, '0');
    if (tags.size > 10_000) tags.clear();
    tags.set(messageId, tag);
  }
  return tag;
}
