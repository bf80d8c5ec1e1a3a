import type Katex from 'katex';
import type MarkdownIt from 'markdown-it';
import { createRequire } from 'node:module';

/** KaTeX is loaded by the first formula, not at start-up: a worker process never typesets, and most replies hold no math. */
let katex: typeof Katex | undefined;
const loadKatex = (): typeof Katex => (katex ??= createRequire(import.meta.url)('katex') as typeof Katex);

type Md = InstanceType<typeof MarkdownIt>;
// The states as this markdown-it's own rulers type them.
type StateInline = Parameters<Parameters<Md['inline']['ruler']['before']>[2]>[0];
type StateBlock = Parameters<Parameters<Md['block']['ruler']['before']>[2]>[0];

/**
 * TeX math in Markdown, typeset by KaTeX on the server: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]`
 * as display math (on lines of their own, or inline). A dollar only opens math when no space follows
 * it and closes it when no space comes before and no digit after, so "$5 and $10" stays text. Math that
 * is not closed (yet: a streaming reply) is left as its text. KaTeX runs untrusting (no `\href`,
 * `\htmlClass` and the like), with caps on sizes and macro expansion, and a formula it can't read is
 * shown as its source. Its output is then sanitised with the rest of the reply (render-markdown.ts).
 */
export function math(md: Md): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, index) => typeset(tokens[index]!.content, tokens[index]!.info === 'display');
  md.renderer.rules.math_block = (tokens, index) => `<div class="math-display">${typeset(tokens[index]!.content, true)}</div>\n`;
}

const options = { throwOnError: false, trust: false, strict: 'ignore', output: 'htmlAndMathml', maxSize: 20, maxExpand: 500 } as const;

/**
 * Typeset formulas, by source: a streaming reply renders its open block again with every frame, and the
 * formulas in it rarely change between frames. Bounded: the oldest go first.
 */
const typesetBySource = new Map<string, string>();
const remembered = 500;

function typeset(tex: string, displayMode: boolean): string {
  const key = `${displayMode ? 'D' : 'I'}${tex}`;
  let html = typesetBySource.get(key);
  if (html === undefined) {
    html = loadKatex().renderToString(tex, { ...options, displayMode });
    if (typesetBySource.size >= remembered) typesetBySource.delete(typesetBySource.keys().next().value!);
    typesetBySource.set(key, html);
  }
  return html;
}

const delimiters = [
  { open: '$$', close: '$$', display: true },
  { open: '\\[', close: '\\]', display: true },
  { open: '\\(', close: '\\)', display: false },
  { open: '$', close: '$', display: false },
];

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  const delimiter = delimiters.find((d) => src.startsWith(d.open, pos));
  if (!delimiter) return false;
  const from = pos + delimiter.open.length;
  const to = closingOf(src, from, delimiter);
  if (to === -1) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(from, to);
    token.markup = delimiter.open;
    token.info = delimiter.display ? 'display' : '';
  }
  state.pos = to + delimiter.close.length;
  return true;
}

/** Where the math opened at `from` closes, or -1. */
function closingOf(src: string, from: number, delimiter: (typeof delimiters)[number]): number {
  const single = delimiter.open === '$';
  if (single && (from >= src.length || /\s/.test(src[from]!))) return -1;
  for (let at = src.indexOf(delimiter.close, from); at !== -1; at = src.indexOf(delimiter.close, at + 1)) {
    if (at === from) return -1;
    if (src[at - 1] === '\\' && delimiter.close !== '\\]' && delimiter.close !== '\\)') continue;
    if (single && (/\s/.test(src[at - 1]!) || /\d/.test(src[at + 1] ?? ''))) continue;
    return at;
  }
  return -1;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number) => state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]);
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = lineText(startLine);
  const delimiter = delimiters.find((d) => d.display && first.startsWith(d.open));
  if (!delimiter) return false;
  const rest = first.slice(delimiter.open.length);
  let body: string[];
  let lastLine = startLine;
  if (rest.trimEnd().endsWith(delimiter.close) && rest.trim().length > delimiter.close.length) {
    body = [rest.trimEnd().slice(0, -delimiter.close.length)];
  } else {
    if (rest.trim() !== '' && rest.includes(delimiter.close)) return false; // "$$x$$ and more": inline math in a paragraph
    body = [rest];
    for (lastLine = startLine + 1; lastLine < endLine; lastLine++) {
      if (state.sCount[lastLine]! < state.blkIndent) return false;
      const text = lineText(lastLine);
      if (text.trimEnd().endsWith(delimiter.close)) {
        body.push(text.trimEnd().slice(0, -delimiter.close.length));
        break;
      }
      body.push(text);
    }
    if (lastLine >= endLine) return false; // not closed (yet): left as text
  }
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = body.join('\n').trim();
  token.markup = delimiter.open;
  token.map = [startLine, lastLine + 1];
  state.line = lastLine + 1;
  return true;
}
