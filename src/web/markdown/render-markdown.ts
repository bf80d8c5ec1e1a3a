import type { HLJSApi } from 'highlight.js';
import MarkdownIt from 'markdown-it';
import { createRequire } from 'node:module';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../views/html.ts';
import { imagesAsLinks } from './images-as-links.ts';
import { math } from './math.ts';
import { mathSanitising, styleAsData } from './math-sanitising.ts';

/**
 * Markdown to safe HTML, on the server. Everything a model or a user wrote is untrusted: markdown-it runs
 * with raw HTML off (tags come out as visible text) and refuses `javascript:`-style links, and the
 * output then goes through an allowlist sanitiser anyway, so a bug in either layer alone lets nothing run.
 * Nothing in it loads by itself: images become links, and the sanitiser drops any `img` that slips by.
 */

/** highlight.js is loaded by the first code block that names a language, not at start-up (a worker never renders). */
let hljs: HLJSApi | undefined;
const loadHighlighter = (): HLJSApi => (hljs ??= createRequire(import.meta.url)('highlight.js/lib/common') as HLJSApi);

function highlight(code: string, language: string): string {
  const hljs = language ? loadHighlighter() : undefined;
  if (hljs && language && hljs.getLanguage(language)) {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  }
  return escapeHtml(code);
}

const options = { html: false, linkify: true, typographer: false, highlight } as const;
/** A model's reply: CommonMark, where a single newline is a space. */
const replyMarkdown = new MarkdownIt(options).use(imagesAsLinks).use(math);
/** What a person typed: their line breaks are meant. */
const typedMarkdown = new MarkdownIt({ ...options, breaks: true }).use(imagesAsLinks).use(math);

/**
 * markdown-it aligns a table column with `style="text-align:…"`, which the page's CSP (rightly) refuses
 * to apply: the alignment becomes a class of our stylesheet instead.
 */
const alignClasses = ['align-left', 'align-right', 'align-center'];

function alignByClass(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const align = /text-align:\s*(left|right|center)/.exec(attribs.style ?? '')?.[1];
  return { tagName, attribs: align ? { class: `align-${align}` } : {} };
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'em',
    's',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'span',
    'sup',
    'sub',
    ...mathSanitising.tags,
  ],
  allowedAttributes: {
    ...mathSanitising.attributes,
    a: ['href', 'title', 'target', 'rel'],
    ol: ['start'],
    code: ['class'],
    th: ['class'],
    td: ['class'],
  },
  allowedClasses: {
    ...mathSanitising.classes,
    code: ['language-*'],
    span: ['hljs-*', 'language-*', ...mathSanitising.classes.span],
    th: alignClasses,
    td: alignClasses,
  },
  allowedStyles: mathSanitising.styles,
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // A link out of a reply opens beside the chat and tells the other site nothing.
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    th: alignByClass,
    td: alignByClass,
  },
};

/**
 * Each code block gets a copy button, added after sanitising (the sanitiser allows no buttons): `<pre>`
 * in its output can only be a code block's, since text from the Markdown arrives escaped.
 */
const withCopyButtons = (safe: string): string =>
  safe
    .replace(/<pre>/g, '<div class="code-block"><button type="button" class="copy-code" data-testid="copy-code" aria-label="Copy the code">Copy</button><pre>')
    .replace(/<\/pre>/g, '</pre></div>');

export const renderReplyMarkdown = (text: string): string => withCopyButtons(styleAsData(sanitizeHtml(replyMarkdown.render(text), sanitizeOptions)));

export const renderTypedMarkdown = (text: string): string => withCopyButtons(styleAsData(sanitizeHtml(typedMarkdown.render(text), sanitizeOptions)));

/** The parser of replies, for splitting a growing reply into blocks exactly as it will be rendered. */
export const replyParser = replyMarkdown;
