import { readFileSync } from 'node:fs';
import type sanitizeHtml from 'sanitize-html';
import { packageFile } from '../assets/package-file.ts';

/**
 * What the sanitiser lets through of KaTeX's output, and nothing else: its MathML (for screen readers,
 * and the page without JavaScript), its HTML spans with the classes its stylesheet styles, the SVG of
 * its stretchy symbols, and its layout declarations (lengths, colours) and no other CSS.
 */

/** Every class KaTeX's stylesheet knows: any other class in math is dropped, having no effect anyway. */
const katexClasses = [...new Set(readFileSync(packageFile('katex', 'dist/katex.css'), 'utf8').match(/(?<=\.)[a-zA-Z][\w-]*/g) ?? [])];

const mathml = [
  'math',
  'semantics',
  'annotation',
  'mrow',
  'mi',
  'mn',
  'mo',
  'ms',
  'mspace',
  'mtext',
  'msup',
  'msub',
  'msubsup',
  'mfrac',
  'msqrt',
  'mroot',
  'mover',
  'munder',
  'munderover',
  'mtable',
  'mtr',
  'mtd',
  'mstyle',
  'mpadded',
  'mphantom',
  'menclose',
  'mprescripts',
  'mmultiscripts',
  'none',
];
const mathmlAttributes = [
  'xmlns',
  'display',
  'encoding',
  'mathvariant',
  'mathcolor',
  'mathbackground',
  'mathsize',
  'stretchy',
  'fence',
  'separator',
  'lspace',
  'rspace',
  'minsize',
  'maxsize',
  'accent',
  'accentunder',
  'movablelimits',
  'form',
  'width',
  'height',
  'depth',
  'voffset',
  'linethickness',
  'scriptlevel',
  'displaystyle',
  'columnalign',
  'rowalign',
  'columnspacing',
  'rowspacing',
  'columnlines',
  'rowlines',
  'frame',
  'framespacing',
  'notation',
  'align',
  'side',
];

const length = /^-?(\d+\.?\d*|\.\d+)(em|ex|pt|px|%)?$/;
const colour = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([\d.,\s%]+\))$/i;
const lengthProperties = [
  'height',
  'width',
  'min-width',
  'max-width',
  'top',
  'bottom',
  'left',
  'right',
  'vertical-align',
  'margin-left',
  'margin-right',
  'margin-top',
  'margin-bottom',
  'padding-left',
  'padding-right',
  'padding-top',
  'padding-bottom',
  'border-bottom-width',
  'border-top-width',
  'border-right-width',
  'border-left-width',
  'border-width',
  'font-size',
  'line-height',
];
const layout: Record<string, RegExp[]> = {
  ...Object.fromEntries(lengthProperties.map((property) => [property, [length]])),
  color: [colour],
  'background-color': [colour],
  'border-color': [colour],
  'border-style': [/^(solid|dashed|dotted|none)$/],
  position: [/^(relative|absolute)$/],
};

export const mathSanitising = {
  tags: ['div', ...mathml, 'svg', 'path', 'line'],
  attributes: {
    div: ['class'],
    span: ['class', 'style', 'title', 'aria-hidden'],
    svg: ['xmlns', 'width', 'height', 'viewbox', 'viewBox', 'preserveaspectratio', 'preserveAspectRatio', 'style'],
    path: ['d'],
    line: ['x1', 'y1', 'x2', 'y2', 'stroke-width'],
    ...Object.fromEntries(mathml.map((tag) => [tag, mathmlAttributes])),
  } satisfies sanitizeHtml.IOptions['allowedAttributes'],
  classes: { div: ['math-display'], span: katexClasses },
  styles: { span: layout, svg: layout } satisfies sanitizeHtml.IOptions['allowedStyles'],
};

/**
 * The page's CSP allows no style attribute (rightly), so KaTeX's layout declarations travel as
 * `data-math-style` and the math controller applies them through the CSSOM, which the CSP does not
 * govern. Only the sanitiser's output goes through here: a `style="` in it can only be an attribute it
 * kept (text arrives escaped), and only KaTeX's elements may keep one.
 */
export const styleAsData = (safe: string): string => safe.replace(/ style="/g, ' data-math-style="');
