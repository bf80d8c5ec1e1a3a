import type { Passage } from './retrieve.ts';

/** The instructions that make a model answer from the passages found, and cite them. */
export function groundedSystemPrompt(system: string | null, passages: Passage[]): string {
  const instructions =
    passages.length > 0
      ? `Answer from the knowledge-base passages below. Cite each fact with its passage number, like [1] or [2]. If the passages do not contain the answer, say so plainly instead of guessing.\n\n${passages
          .map((p, i) => `[${i + 1}] ${p.title}\n${p.text}`)
          .join('\n\n')}`
      : 'The knowledge base was searched and has no passage about this question. Say so plainly; do not invent an answer from it.';
  return system ? `${system}\n\n${instructions}` : instructions;
}
