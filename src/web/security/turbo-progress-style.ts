import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { turboFile } from '../assets/package-file.ts';

let cached: string | null | undefined;

/**
 * Turbo inserts a `<style>` for its progress bar when it starts; a strict `style-src` blocks it unless
 * its hash is allowed. The CSS is a template in Turbo's source (`ProgressBar.defaultCSS`), so the hash is
 * computed from the installed Turbo, the same way Turbo builds the text; null if that ever stops matching.
 */
export function turboProgressBarStyleHash(): string | null {
  if (cached !== undefined) return cached;
  cached = null;
  const source = readFileSync(turboFile, 'utf8');
  const duration = /static animationDuration = (\d+)/.exec(source)?.[1];
  const template = /static get defaultCSS\(\) \{\s*return unindent`([\s\S]*?)`/.exec(source)?.[1];
  if (!duration || !template) return cached;
  const ms = Number(duration);
  const text = template
    .replace('${ProgressBar.animationDuration}', String(ms))
    .replace('${ProgressBar.animationDuration / 2}', String(ms / 2))
    .replace('${ProgressBar.animationDuration / 2}', String(ms / 2));
  if (text.includes('${')) return cached;
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = /^\s+/.exec(lines[0]!)?.[0].length ?? 0;
  const css = lines.map((line) => line.slice(indent)).join('\n');
  cached = `sha256-${createHash('sha256').update(css).digest('base64')}`;
  return cached;
}
