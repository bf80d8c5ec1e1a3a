import { readFileSync } from 'node:fs';
import { packageFile } from './package-file.ts';

export const katexFont = (file: string): string => packageFile('katex', `dist/fonts/${file}`);

/**
 * KaTeX's stylesheet as the page loads it, from our own origin: each font's sources cut down to its
 * WOFF2 file (every browser Hotline supports reads it), at the URL `fontUrl` serves it from.
 */
export function katexStylesheet(fontUrl: (file: string) => string): string {
  const css = readFileSync(packageFile('katex', 'dist/katex.min.css'), 'utf8');
  return css.replace(
    /src:url\(fonts\/([\w-]+\.woff2)\) format\("woff2"\)(,url\([^)]*\) format\("[^"]*"\))*/g,
    (_, file: string) => `src:url(${fontUrl(file)}) format("woff2")`,
  );
}
