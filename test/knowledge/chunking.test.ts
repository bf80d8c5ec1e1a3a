import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/knowledge/chunking.ts';

const paragraph = (n: number, words = 60) => Array.from({ length: words }, (_, i) => `word${n}x${i}`).join(' ') + '.';

describe('chunking', () => {
  it('starts a chunk at each heading and names it by the document and the heading', () => {
    const chunks = chunkDocument('Guide', `Intro text.\n\n# Setup\n\nInstall it.\n\n## Details\n\nConfigure it.`);
    expect(chunks.map((c) => c.heading)).toEqual(['Guide', 'Guide › Setup', 'Guide › Details']);
    expect(chunks.map((c) => c.text)).toEqual(['Intro text.', 'Install it.', 'Configure it.']);
  });

  it('gathers paragraphs up to a few hundred tokens, with a little overlap between chunks', () => {
    const text = Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n');
    const chunks = chunkDocument('Long', text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1_700);
    for (let i = 1; i < chunks.length; i++) {
      const previousEnd = chunks[i - 1]!.text.slice(-60);
      expect(chunks[i]!.text).toContain(previousEnd.slice(previousEnd.indexOf(' ') + 1));
    }
    const all = chunks.map((c) => c.text).join(' ');
    for (let i = 0; i < 12; i++) expect(all).toContain(`word${i}x59.`);
  });

  it('cuts a paragraph longer than a chunk at sentence ends', () => {
    const sentences = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} says something useful.`).join(' ');
    const chunks = chunkDocument('One paragraph', sentences);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.text.endsWith('.')).toBe(true);
  });
});
