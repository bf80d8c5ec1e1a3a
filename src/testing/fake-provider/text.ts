/**
 * Deterministic reply text. Tests compute the exact expected reply from the
 * token count alone, so the pieces must never depend on the request.
 *
 * The pieces are deliberately awkward: multi-byte UTF-8 (accents, emoji with
 * modifiers and ZWJ, CJK) catches byte/char confusion and chunk-boundary bugs,
 * newlines and Markdown catch escaping bugs in SSE/JSON/WebSocket framing.
 */
const PIECES: readonly string[] = [
  'Hello',
  ' there',
  ',',
  ' café',
  ' naïve',
  ' résumé',
  ' 🚀',
  '\n\n',
  '**bold**',
  ' and',
  ' `code`',
  '\n',
  '- item',
  ' 日本語',
  '\n- ',
  '你好',
  ' 👋🏽',
  ' "quoted"',
  ' back\\slash',
  ' Ünïcödé',
  ' 👩‍💻',
  '.',
  '\n\n',
  '1.',
  ' 한국어',
  ' data: not-an-event',
  ' <tag>&amp;',
  ' Ωμέγα',
  ' ✓',
  ' end',
];

/** The model's reasoning, as awkward as its text: it is relayed and stored the same way. */
const REASONING: readonly string[] = [
  'The',
  ' user',
  ' says',
  ' “Go”',
  ';',
  ' café',
  ' 🚀',
  '\n',
  ' so',
  ' I',
  ' should',
  ' answer',
  ' <b>',
  ' data: x',
  ' 日本語',
  '.',
];

export function reasoningText(i: number): string {
  return REASONING[i % REASONING.length]!;
}

export function expectedReasoning(tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += reasoningText(i);
  return text;
}

export function tokenText(i: number): string {
  // Non-null: the modulo keeps the index in range and the list is non-empty.
  return PIECES[i % PIECES.length]!;
}

export function expectedText(tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += tokenText(i);
  return text;
}

/**
 * Rough input-token count: whitespace-separated words in every `content`/`text`
 * string of the messages (and Anthropic's `system`). Good enough for usage
 * plumbing tests; nobody should rely on it matching a real tokenizer.
 */
export function countInputWords(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const { system, messages } = body as Record<string, unknown>;
  const texts: string[] = typeof system === 'string' ? [system] : [];
  collectText(system, texts);
  collectText(messages, texts);
  return texts.reduce((sum, text) => sum + text.split(/\s+/).filter((w) => w.length > 0).length, 0);
}

function collectText(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectText(item, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== 'string') collectText(child, out);
    else if (key === 'content' || key === 'text') out.push(child);
  }
}
