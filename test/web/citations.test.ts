import { describe, expect, it } from 'vitest';
import { linkCitations } from '../../src/web/markdown/citations.ts';
import { renderReplyMarkdown } from '../../src/web/markdown/render-markdown.ts';

const sources = [
  { title: 'Expense policy', excerpt: '…', relevance: 0.9, url: 'https://intranet.example/expenses' },
  { title: 'Travel <guide>', excerpt: '…', relevance: 0.5, url: null },
] as never;
const link = (markdown: string) => linkCitations(renderReplyMarkdown(markdown), sources, (n) => `source_${n}`);

describe('citations', () => {
  it('link [n] and [n, m] to the source: its address, or its place in the list', () => {
    expect(link('Meals are covered [1], up to 40 euros [1, 2].')).toBe(
      '<p>Meals are covered [<a class="citation" href="https://intranet.example/expenses" title="Expense policy" target="_blank" rel="noopener noreferrer nofollow" data-testid="citation">1</a>], ' +
        'up to 40 euros [<a class="citation" href="https://intranet.example/expenses" title="Expense policy" target="_blank" rel="noopener noreferrer nofollow" data-testid="citation">1</a>, ' +
        '<a class="citation" href="#source_2" title="Travel &lt;guide&gt;" data-testid="citation">2</a>].</p>\n',
    );
  });

  it('leave code, links, numbers past the sources and replies without sources alone', () => {
    expect(link('`a[1]` and [3]')).toBe('<p><code>a[1]</code> and [3]</p>\n');
    expect(link('```\nx = y[1]\n```')).not.toContain('citation');
    expect(link('[1](https://example.com/x)')).not.toContain('citation');
    expect(linkCitations('<p>[1]</p>', [], () => '')).toBe('<p>[1]</p>');
  });
});
