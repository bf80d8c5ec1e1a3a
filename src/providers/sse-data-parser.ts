/**
 * The `data` of each Server-Sent Event in a text stream that arrives in arbitrary pieces, as the SSE
 * specification reads it: lines end in LF, CRLF or CR; an event ends at a blank line; its `data:` lines
 * are joined with LF; one space after the colon is dropped; comments and other fields are skipped; an
 * event the stream ends in the middle of is dropped. This is what a provider's stream needs, no more.
 */
export class SseDataParser {
  private buffer = '';
  private data: string[] = [];
  /** The previous piece ended in CR: an LF starting the next one belongs to the same line end. */
  private pendingCr = false;

  /** Feeds one piece of the stream; returns the data of every event it completed, in order. */
  push(piece: string): string[] {
    const events: string[] = [];
    let text = piece;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    text = this.buffer + text;
    let start = 0;
    // Most providers never send CR: it is looked for once per piece, not once per line.
    let cr = text.indexOf('\r');
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(lf, cr);
      if (end === -1) break;
      this.line(text.slice(start, end), events);
      if (text.charCodeAt(end) === 13 /* CR */) {
        if (end + 1 === text.length) {
          this.pendingCr = true;
          start = end + 1;
          break;
        }
        start = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    this.buffer = text.slice(start);
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.length === 1 ? this.data[0]! : this.data.join('\n'));
      this.data = [];
      return;
    }
    if (!line.startsWith('data')) return;
    if (line.length === 4) this.data.push('');
    else if (line.charCodeAt(4) === 58 /* : */) this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
  }
}
