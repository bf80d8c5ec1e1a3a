import { stem } from './terms.ts';

/**
 * The part of a passage to show under an answer: the sentence that matches the question best, with what
 * follows it, up to `maxChars`.
 */
export function excerptOf(text: string, questionStems: Set<string>, maxChars = 300): string {
  const sentences = text.replace(/\s+/g, ' ').match(/[^.!?]+[.!?]*\s*/g) ?? [text];
  let best = 0;
  let bestScore = -1;
  sentences.forEach((sentence, i) => {
    const words = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const score = new Set(words.map(stem).filter((w) => questionStems.has(w))).size;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  let excerpt = '';
  for (let i = best; i < sentences.length && excerpt.length < maxChars; i++) excerpt += sentences[i];
  excerpt = excerpt.trim();
  if (excerpt.length > maxChars) excerpt = `${excerpt.slice(0, maxChars).replace(/\s+\S*$/, '')}…`;
  return (best > 0 ? '…' : '') + excerpt;
}
