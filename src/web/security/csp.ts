import { randomBytes } from 'node:crypto';
import { turboProgressBarStyleHash } from './turbo-progress-style.ts';

/** A fresh nonce per page: it lets exactly our import map run, and nothing injected into the page. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * Scripts: our own files and the one inline import map (by nonce); never `unsafe-inline`. No
 * `csp-nonce` meta tag is rendered on purpose: Turbo would hand that nonce to any `<script>` arriving in a
 * stream frame. Styles: our stylesheet plus Turbo's progress bar `<style>`, allowed by its hash. Images:
 * only ours (the icon), so nothing a model or a document wrote can make the page call another origin.
 */
export function contentSecurityPolicy(nonce: string): string {
  const styleHash = turboProgressBarStyleHash();
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self'${styleHash ? ` '${styleHash}'` : ''}`,
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
