/**
 * Words as retrieval sees them: lower-cased, stop words dropped, lightly stemmed. The same function reads
 * questions and passages, so `relevance` means the same thing whichever search backend found a passage.
 */

const stopWords = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers him his how i
  if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own
  same she should so some such than that the their theirs them then there these they this those through to too under
  until up very was we were what when where which while who whom why will with would you your yours can't don't i'm
  tell please know need want get got does did much many`.split(/\s+/),
);

export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ies', 'ied', 'ed', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return suffix === 'ies' || suffix === 'ied' ? word.slice(0, -suffix.length) + 'y' : word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** The distinct content words of a text, in the order they appear. */
export function contentWords(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !stopWords.has(w)))];
}

export const stemsOf = (text: string): Set<string> => new Set(contentWords(text).map(stem));
