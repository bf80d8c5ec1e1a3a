import { describe, expect, it } from 'vitest';
import { expectedText } from '../../src/testing/fake-provider/text.ts';
import { GrowingMarkdown } from '../../src/web/markdown/growing-markdown.ts';
import { renderReplyMarkdown, renderTypedMarkdown } from '../../src/web/markdown/render-markdown.ts';
import { markdownReply } from './support/markdown-reply.ts';
import { tokensOf } from './support/scripted-provider.ts';

function growInPieces(pieces: string[]) {
  const markdown = new GrowingMarkdown({ finished: 0, openFrom: 0 });
  const finished: string[] = [];
  let open = '';
  for (const piece of pieces) {
    const growth = markdown.grow(piece);
    for (const block of growth.finished) {
      expect(block.index).toBe(finished.length);
      finished.push(block.html);
    }
    open = growth.open;
  }
  return { finished, open, state: markdown.current };
}

describe('a growing reply rendered block by block', () => {
  for (const [name, text] of [
    ['a Markdown document', markdownReply(2000)],
    ["the fake provider's awkward text", expectedText(300)],
  ] as const) {
    it(`finishes the same blocks token by token as all at once (${name})`, () => {
      const whole = growInPieces([text]);
      const byToken = growInPieces(tokensOf(text));
      const byChunks = growInPieces(text.match(/[\s\S]{1,17}/g)!);
      expect(byToken).toEqual(whole);
      expect(byChunks).toEqual(whole);
      expect(whole.finished.length).toBeGreaterThan(5);
    });
  }

  it('resumes from a saved state as if it had never stopped', () => {
    const text = markdownReply(800);
    const cut = Math.floor(text.length / 2);
    const first = new GrowingMarkdown({ finished: 0, openFrom: 0 });
    first.grow(text.slice(0, cut));
    const state = first.current;
    const resumed = new GrowingMarkdown(state);
    const rest = resumed.grow(text.slice(state.openFrom));
    const straight = growInPieces([text]);
    expect(rest.state).toEqual(straight.state);
    expect(rest.open).toBe(straight.open);
  });

  it('parses again only the open block, so a step costs the size of that block', () => {
    const markdown = new GrowingMarkdown({ finished: 0, openFrom: 0 });
    markdown.grow(markdownReply(2000));
    expect(markdown.openText.length).toBeLessThan(400);
  });
});

describe('Markdown rendering', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![x](javascript:alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '```html\n<script>alert(1)</script>\n```',
    '<svg onload=alert(1)>',
  ];
  for (const render of [renderReplyMarkdown, renderTypedMarkdown]) {
    it(`leaves nothing that runs (${render.name})`, () => {
      for (const text of hostile) {
        const out = render(text);
        expect(out, text).not.toMatch(/<(script|svg|iframe)|<[^>]*\son\w+=|<a [^>]*href="(javascript|data)|<img [^>]*src="(javascript|data)/i);
      }
    });
  }

  it('highlights fenced code and links out safely', () => {
    expect(renderReplyMarkdown('```js\nconst a = 1;\n```')).toContain('<span class="hljs-keyword">const</span>');
    expect(renderReplyMarkdown('see https://example.com')).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">');
  });

  it("keeps a person's line breaks, and a model's Markdown paragraphs", () => {
    expect(renderTypedMarkdown('one\ntwo')).toContain('one<br />');
    expect(renderReplyMarkdown('one\ntwo')).toBe('<p>one\ntwo</p>\n');
  });
});
