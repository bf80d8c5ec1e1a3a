/**
 * Splits a document into passages along its structure: headings start a section, paragraphs are the
 * units, and a chunk gathers paragraphs of one section up to a few hundred tokens. Each chunk after the
 * first of a section repeats the end of the previous one, so a fact straddling the cut is found whole.
 */
export interface Chunk {
  heading: string;
  text: string;
}

// About 4 characters per token: 1,400 characters is some 350 tokens.
const targetChars = 1_400;
const overlapChars = 200;

export function chunkDocument(title: string, text: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (const section of sections(title, text)) {
    let current: string[] = [];
    let length = 0;
    // Whether `current` holds anything beyond the overlap carried over from the previous chunk.
    let fresh = false;
    const emit = () => chunks.push({ heading: section.heading, text: current.join('\n\n') });
    for (const paragraph of section.paragraphs.flatMap(splitLong)) {
      if (fresh && length + paragraph.length > targetChars) {
        emit();
        const tail = overlapOf(current.join('\n\n'));
        current = tail ? [tail] : [];
        length = tail.length;
        fresh = false;
      }
      current.push(paragraph);
      length += paragraph.length + 2;
      fresh = true;
    }
    if (fresh) emit();
  }
  return chunks;
}

function sections(title: string, text: string): Array<{ heading: string; paragraphs: string[] }> {
  const result: Array<{ heading: string; paragraphs: string[] }> = [];
  let current = { heading: title, paragraphs: [] as string[] };
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    const heading = /^#{1,6}\s+(.+)$/m.exec(trimmed.split('\n')[0]!);
    if (heading) {
      if (current.paragraphs.length > 0) result.push(current);
      current = { heading: `${title} › ${heading[1]!.trim()}`, paragraphs: [] };
      const rest = trimmed.split('\n').slice(1).join('\n').trim();
      if (rest) current.paragraphs.push(rest);
    } else {
      current.paragraphs.push(trimmed);
    }
  }
  if (current.paragraphs.length > 0) result.push(current);
  return result;
}

/** A paragraph longer than a chunk is cut at sentence ends. */
function splitLong(paragraph: string): string[] {
  if (paragraph.length <= targetChars) return [paragraph];
  const sentences = paragraph.match(/[^.!?\n]+(?:[.!?]+|\n|$)\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  let piece = '';
  for (const sentence of sentences) {
    if (piece && piece.length + sentence.length > targetChars) {
      pieces.push(piece.trim());
      piece = '';
    }
    piece += sentence.length > targetChars ? sentence.slice(0, targetChars) : sentence;
  }
  if (piece.trim()) pieces.push(piece.trim());
  return pieces;
}

function overlapOf(text: string): string {
  if (text.length <= overlapChars) return '';
  const tail = text.slice(-overlapChars);
  const start = tail.search(/[.!?]\s+\S/);
  return (start >= 0 ? tail.slice(start + 1) : tail.slice(tail.indexOf(' ') + 1)).trim();
}
