import type { MessageRow } from './message.ts';

/**
 * A chat's messages as a tree: each message follows its parent, and messages with the same parent and
 * role are versions of one another (a retried reply, an edited question). The chat shows, and the model
 * sees, one path through it: from a first message down to the chat's current message.
 */
export class MessageTree {
  private readonly byId = new Map<string, MessageRow>();

  /** `rows`: all of the chat's messages, in creation order. */
  constructor(readonly rows: MessageRow[]) {
    for (const row of rows) this.byId.set(row.id, row);
  }

  find(id: string): MessageRow | undefined {
    return this.byId.get(id);
  }

  /** The path from a first message down to `id`, in order ([] for null or an unknown id). */
  pathTo(id: string | null): MessageRow[] {
    const path: MessageRow[] = [];
    for (let row = id === null ? undefined : this.byId.get(id); row; row = row.parent_id === null ? undefined : this.byId.get(row.parent_id)) {
      path.push(row);
    }
    return path.reverse();
  }

  /**
   * The newest message at or below `id`: where a path through `id` ends. It never has children, since a
   * message is always newer than the one it follows.
   */
  newestBelow(id: string): MessageRow | undefined {
    const below = new Set([id]);
    let newest = this.byId.get(id);
    // Creation order puts every message after its parent, so one pass finds the whole subtree.
    for (const row of this.rows) {
      if (row.parent_id !== null && below.has(row.parent_id)) {
        below.add(row.id);
        newest = row;
      }
    }
    return newest;
  }

  /** The ids of a message's versions, itself included, oldest first. */
  versionsOf(row: MessageRow): string[] {
    return this.rows.filter((other) => other.parent_id === row.parent_id && other.role === row.role).map((other) => other.id);
  }
}
