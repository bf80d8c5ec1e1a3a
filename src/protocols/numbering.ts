/**
 * The numbers a protocol puts on its chunks so that a client can resume exactly: one number per whole
 * chunk (a start, an end, a step), and one per UTF-16 unit of text or reasoning, which is how the reply
 * itself counts its positions. A chunk's number is the number of its last unit. The numbers follow from
 * the reply alone, never from how its pieces were batched on the way: a delta of "Hello" sent live as
 * "Hel" + "lo" ends at the same number as one "Hello" read back from the database. So a client that saw
 * number N is answered by reading the reply from its start again and sending only what is numbered
 * after N, with the one delta that straddles N cut at it.
 */
export class ChunkNumbering {
  private next = 0;

  /** `after`: the last number the client has; -1 for a client that has nothing yet. */
  constructor(private readonly after: number = -1) {}

  /** The number the next whole chunk would get, without taking it (for chunks that are state, not increments). */
  get current(): number {
    return Math.max(this.next - 1, 0);
  }

  /** Numbers a whole chunk; undefined when the client already has it. */
  whole(): number | undefined {
    const number = this.next++;
    return number > this.after ? number : undefined;
  }

  /** Numbers a piece of text; what of it the client lacks (a suffix) and the number it ends at, or undefined. */
  text(text: string): { text: string; number: number } | undefined {
    const first = this.next;
    this.next += text.length;
    const last = this.next - 1;
    if (text === '' || last <= this.after) return undefined;
    return { text: text.slice(Math.max(0, this.after + 1 - first)), number: last };
  }
}
