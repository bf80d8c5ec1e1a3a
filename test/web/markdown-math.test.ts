import { describe, expect, it } from 'vitest';
import { renderReplyMarkdown, renderTypedMarkdown } from '../../src/web/markdown/render-markdown.ts';

describe('math in Markdown', () => {
  it('typesets $…$, \\(…\\), $$…$$ and \\[…\\] with KaTeX, MathML included', () => {
    for (const text of ['$x^2$', '\\(x^2\\)', '$$x^2$$', '\\[x^2\\]', '$$\nx^2\n$$']) {
      const html = renderReplyMarkdown(text);
      expect(html, text).toContain('class="katex"');
      expect(html, text).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
    }
    expect(renderReplyMarkdown('$$\nx^2\n$$')).toContain('class="math-display"');
    expect(renderTypedMarkdown('What is $\\pi$?')).toContain('class="katex"');
  });

  it('leaves prices, escaped dollars, code and unclosed math as text', () => {
    expect(renderReplyMarkdown('It costs $5 and $10.')).toBe('<p>It costs $5 and $10.</p>\n');
    expect(renderReplyMarkdown('\\$x\\$')).not.toContain('katex');
    expect(renderReplyMarkdown('`$x$`')).not.toContain('katex');
    expect(renderReplyMarkdown('$$\n\\frac{a}{b}')).not.toContain('katex');
  });

  it('carries no style attribute (the CSP refuses them) and nothing KaTeX was not trusted with', () => {
    const html = renderReplyMarkdown(
      '$\\color{red}{x}\\rule{9em}{1em}$ $\\href{javascript:alert(1)}{y}$ $\\htmlStyle{background:url(https://evil.example)}{z}$',
    );
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).toContain('data-math-style="color:red"');
    expect(html).not.toContain('<a ');
    // The untrusted commands show as their source text, never as markup.
    expect(html).not.toMatch(/data-math-style="[^"]*(url|background)/);
    expect(html).not.toMatch(/href=|="javascript:/);
  });
});
