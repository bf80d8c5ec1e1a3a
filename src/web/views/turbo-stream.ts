import { html, type SafeHtml } from './html.ts';

/**
 * Turbo Stream actions. `append_once` is ours (registered in application.js): it appends only children
 * whose id is not on the page yet. Turbo's own `append` replaces an element with the same id, so a late
 * duplicate of a message (the composer's response arriving after the chat stream already grew that
 * reply) would reset it; with `append_once` every frame can be applied twice and change nothing.
 */
export type StreamAction = 'append' | 'append_once' | 'replace' | 'update';

export const turboStream = (action: StreamAction, target: string, content?: SafeHtml): SafeHtml =>
  html`<turbo-stream action="${action}" target="${target}"><template>${content ?? ''}</template></turbo-stream>`;

export const turboStreamContentType = 'text/vnd.turbo-stream.html; charset=utf-8';
